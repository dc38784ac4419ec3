; start.asm - the first instruction of every anvil user program.
;
; The kernel (Linux or anvil) enters _start with the Linux process entry ABI
; (System V AMD64 ABI, section 3.4.1 "Initial Stack and Register State"):
;
;   [rsp]            argc
;   [rsp + 8]        argv[0] ... argv[argc - 1], then a NULL
;   ...              envp[0] ... then a NULL
;   ...              auxv: (type, value) pairs ending with AT_NULL (0)
;
; RSP is 16-byte aligned here, and there is no return address: _start must
; never return. Everything else is done in C by __libanvil_start.

	bits 64
	default rel

	section .text
	global _start
	extern __libanvil_start

_start:
	xor ebp, ebp		; RBP = 0 marks the outermost frame for debuggers
	mov rdi, rsp		; argument 1: the initial stack pointer (&argc)
	and rsp, -16		; keep the ABI's 16-byte alignment at the call
	call __libanvil_start	; calls main and exit(); it never returns
	ud2			; unreachable: trap loudly if it ever does

; An empty note that tells the linker this object needs no executable stack.
	section .note.GNU-stack noalloc noexec nowrite progbits
