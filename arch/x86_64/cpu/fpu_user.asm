; The FPU state instructions aimed at user memory: a signal frame's FPU
; area (arch/x86_64/cpu/fpu_sigframe.c).  Linux saves and loads that area
; in place too (arch/x86/kernel/fpu/signal.c, xsave_to_user_sigframe and
; xrstor_from_user_sigframe) instead of bouncing it through a kernel
; buffer: the program's stack is where the bytes must end up anyway.
;
; Each instruction that can fault has an exception-table entry, like the
; user copies (uaccess_copy.asm): a #PF the kernel cannot mend (nothing
; mapped there) or a #GP resumes at the fix-up, which returns -1.  #GP is
; the expected failure of the loads: a lying XSAVE header (a bit of
; XSTATE_BV that XCR0 lacks, a reserved header byte set) or reserved
; MXCSR bits (Intel SDM Vol. 1 §13.8 "XRSTOR", Vol. 2B "FXRSTOR").  A
; #PF on a page not present yet is mended first (the stack's or an
; area's demand paging) and the instruction runs again.
;
; The callers check that the area lies in the user half and open SMAP
; around the call (stac/clac).  XSAVE and XRSTOR take the requested-
; feature bitmap in EDX:EAX (RFBM = EDX:EAX & XCR0).  The areas must be
; 64-byte (XSAVE) or 16-byte (FXSAVE) aligned, or the instruction #GPs --
; which for a frame the kernel lays out is a kernel bug, and for a frame a
; program handed back is its fault: SIGSEGV.

section .text
bits 64

; int fpu_xsave_user(void *area = RDI, uint64_t rfbm = RSI): 0, or -1
global fpu_xsave_user
fpu_xsave_user:
    mov eax, esi                                ; RFBM low half
    mov rdx, rsi
    shr rdx, 32                                 ; RFBM high half
.insn:
    xsave64 [rdi]                               ; the standard format, as Linux's frame
    xor eax, eax
    ret

; int fpu_xrstor_user(const void *area = RDI, uint64_t rfbm = RSI): 0, or -1
global fpu_xrstor_user
fpu_xrstor_user:
    mov eax, esi
    mov rdx, rsi
    shr rdx, 32
.insn:
    xrstor64 [rdi]
    xor eax, eax
    ret

; int fpu_fxsave_user(void *area = RDI): 0, or -1
global fpu_fxsave_user
fpu_fxsave_user:
.insn:
    fxsave64 [rdi]
    xor eax, eax
    ret

; int fpu_fxrstor_user(const void *area = RDI): 0, or -1
global fpu_fxrstor_user
fpu_fxrstor_user:
.insn:
    fxrstor64 [rdi]
    xor eax, eax
    ret

fpu_user_fault:
    mov eax, -1
    ret

section .extable progbits alloc noexec nowrite align=8
    dq fpu_xsave_user.insn, fpu_user_fault
    dq fpu_xrstor_user.insn, fpu_user_fault
    dq fpu_fxsave_user.insn, fpu_user_fault
    dq fpu_fxrstor_user.insn, fpu_user_fault
