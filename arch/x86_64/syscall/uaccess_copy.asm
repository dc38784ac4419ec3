; The only instructions in the kernel that touch user memory.  Each one
; that can fault has an entry in the exception table (section .extable:
; pairs of "instruction address, fix-up address", collected by linker.ld
; between __extable_start and __extable_end).  When such an instruction
; raises #PF or #GP, the handler (arch/x86_64/trap/user_fault.c) finds its
; address in the table and resumes at the fix-up instead of panicking;
; the C wrappers (arch/x86_64/syscall/uaccess.c) then return -EFAULT.
;
; The callers have already checked that the user range lies in the user
; half, and opened SMAP (stac) around the call.

section .text
bits 64

; uint64_t uaccess_copy(void *dst = RDI, const void *src = RSI, uint64_t n = RDX)
; Copy n bytes; returns how many were NOT copied (0: all of them).
; Eight bytes at a time (rep movsq), then the last n % 8 (rep movsb): the
; same bytes as one rep movsb, in an eighth of the iterations (a 4 KiB
; read copies 512 quadwords, not 4096 bytes).
global uaccess_copy
uaccess_copy:
    mov rcx, rdx
    shr rcx, 3                                  ; whole quadwords
.copyq:
    ; A string instruction is restartable: at a fault RCX says how many
    ; elements were still to go, and the fix-up turns that into bytes.
    rep movsq
    mov rcx, rdx
    and rcx, 7                                  ; the tail
.copy:
    rep movsb
.done:
    mov rax, rcx                                ; bytes not copied
    ret
.faultq:
    ; RCX quadwords were not copied (a faulting movsq stores nothing of
    ; its element), nor is any of the tail.
    shl rcx, 3
    and rdx, 7
    lea rax, [rcx + rdx]
    ret

; int64_t uaccess_strncpy(char *dst = RDI, const char *src = RSI, uint64_t max = RDX)
; Copy a NUL-terminated string of at most max bytes (the NUL included).
; Returns its length without the NUL, max if no NUL came within max bytes,
; or -1 if reading it faulted.
global uaccess_strncpy
uaccess_strncpy:
    xor eax, eax
.next:
    cmp rax, rdx
    je .end                                     ; max bytes and no NUL
.load:
    movzx ecx, byte [rsi + rax]
    mov [rdi + rax], cl
    test ecx, ecx
    jz .end                                     ; the NUL: RAX is the length
    inc rax
    jmp .next
.end:
    ret
.fault:
    mov rax, -1
    ret

section .extable progbits alloc noexec nowrite align=8
    dq uaccess_copy.copyq, uaccess_copy.faultq
    dq uaccess_copy.copy, uaccess_copy.done
    dq uaccess_strncpy.load, uaccess_strncpy.fault
