; vfork.asm - long vfork(void), Linux system call 58.
;
; Why not C: after vfork the child runs on the parent's stack, in the
; parent's memory, until it calls execve or exits; only then does the
; parent go on. A C wrapper would return in the child first, popping its
; return address; the child's next calls (execve, exit) push their own
; frames over that very slot. When the parent later returns from the same
; wrapper it would pop whatever the child left there.
;
; So the return address is kept in a register across the system call, as
; glibc's sysdeps/unix/sysv/linux/x86_64/vfork.S does: registers are each
; process's own (the kernel saves the parent's while the child runs), the
; stack slot is not. RDI is free to use: it is caller-saved and vfork takes
; no arguments. SYSCALL itself changes RCX and R11, also caller-saved.
;
; Returns 0 in the child, the child's pid in the parent, or -errno.

	bits 64
	default rel

	section .text
	global vfork

vfork:
	pop rdi			; the return address, out of the shared stack
	mov eax, 58		; SYS_vfork
	syscall			; child first; the parent resumes when it is done
	push rdi		; each process puts back its own copy
	ret

; An empty note that tells the linker this object needs no executable stack.
	section .note.GNU-stack noalloc noexec nowrite progbits
