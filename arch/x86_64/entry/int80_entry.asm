; The int $0x80 entry: the i386 system call gate (IDT vector 0x80, DPL 3,
; an interrupt gate), with a stub of its own rather than the generic one
; in trap_entry.asm, so a system call skips trap_dispatch()'s bookkeeping
; (counting, trap_catch, the handler table, the backtrace frame record).
; arch/x86_64/syscall/syscall.c sets the gate up; int80_from_user() there does
; the work; docs/syscalls-cost.md counts the instructions.
;
; What the CPU did on `int $0x80` from ring 3 (Intel SDM Vol. 3A §6.12.1,
; §6.14.2): checked the gate's DPL against CPL 3; loaded RSP from
; TSS.RSP0 (this process's kernel stack); pushed SS, RSP, RFLAGS, CS, RIP;
; cleared IF and TF.  It did NOT clear DF or AC: cld here, clac in C.
;
; The frame is a full struct trap_frame (trap.h), the layout trap_entry.asm
; builds, so the C side reads registers by name.  The i386 ABI reads
; RAX (number) and RBX, RCX, RDX, RSI, RDI, RBP (arguments) and gives
; back every register but RAX, as Linux does for a 64-bit program.

%include "trap_layout.inc"
%include "trap_frame.inc"

section .text
bits 64

extern int80_from_user

global int80_entry
int80_entry:
    ; From ring 0 (a kernel `int $0x80`, which no kernel code makes):
    ; nothing to do, and GS is already the kernel's.
    test byte [rsp + ANVIL_TF_CS - ANVIL_TF_RIP], 3
    jz .from_kernel

    push rax                            ; frame.error_code: the number, kept for a restart (orig_ax)
    push 0x80                           ; frame.vector
    push rax                            ; frame.rax: the i386 number; the result goes here
    push rbx                            ; frame.rbx: argument 1
    push rcx                            ; frame.rcx: argument 2
    push rdx                            ; frame.rdx: argument 3
    push rsi                            ; frame.rsi: argument 4
    push rdi                            ; frame.rdi: argument 5
    push rbp                            ; frame.rbp: argument 6
    push r8                             ; frame.r8
    push r9                             ; frame.r9
    push r10                            ; frame.r10
    push r11                            ; frame.r11
    push r12                            ; frame.r12
    push r13                            ; frame.r13
    push r14                            ; frame.r14
    push r15                            ; frame.r15
    swapgs                              ; the kernel's per-CPU base (SDM Vol. 2B "SWAPGS")
    xor ebp, ebp                        ; backtraces end here, not in the program's frames
    cld                                 ; the C ABI wants DF clear; the gate left it as it was
    mov rdi, rsp                        ; 176 bytes + the CPU's 40: RSP 16-byte aligned
    call int80_from_user                ; frame.rax = the result; IF off again

    swapgs                              ; the program's GS base
    POP_TRAP_FRAME_GPRS
    add rsp, 16                         ; frame.vector, frame.error_code
.iretq:
    iretq                               ; pops RIP, CS, RFLAGS, RSP, SS: back to ring 3

.from_kernel:
    iretq

; An `int $0x80` in the last two bytes of the user half returns to a
; non-canonical RIP: iretq raises #GP in ring 0, before anything changes
; but with the program's GS already swapped in.  As for the SYSCALL
; entry's iretq: swap GS back and end the process with SIGSEGV.
section .extable progbits alloc noexec nowrite align=8
    dq int80_entry.iretq, int80_entry.bad_iret
section .text
extern process_bad_return
.bad_iret:
    swapgs
    call process_bad_return                     ; never returns
