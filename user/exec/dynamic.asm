; dynamic.asm - /bin/dynamic, a dynamically linked ELF for execve_edge.
;
; Linked with -pie and Linux's dynamic loader as its interpreter (user.mk),
; so it has PT_INTERP and PT_DYNAMIC. Linux runs it: the kernel maps
; /lib64/ld-linux-x86-64.so.2, which relocates this (nothing to do: no
; libraries, no relocations) and jumps to _start. anvil has no dynamic
; loader and refuses it (execve: -ENOEXEC). Either way, if this code runs
; it exits with 7, as exit7 does.

	bits 64
	default rel

	section .text
	global _start

_start:
	mov edi, 7		; the exit status
	mov eax, 231		; SYS_exit_group
	syscall
	ud2			; never reached

; An empty note that tells the linker this object needs no executable stack.
	section .note.GNU-stack noalloc noexec nowrite progbits
