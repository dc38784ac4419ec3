; The SYSCALL entry, and the two doors between the kernel and ring 3:
; user_enter (start a program) and user_leave (come back to the kernel
; when it exits or is killed).  docs/syscalls.md walks through one write()
; from the program's `syscall` to the `sysretq` here.
;
; ---------------------------------------------------------------------------
; What SYSCALL does (Intel SDM Vol. 2B "SYSCALL"; AMD APM Vol. 3):
;   RCX    <- RIP of the instruction after `syscall` (where to return)
;   R11    <- RFLAGS
;   RFLAGS <- RFLAGS & ~MSR_SFMASK   (anvil clears IF, DF, TF, AC, NT)
;   CS, SS <- selectors computed from MSR_STAR[47:32], CPL 0
;   RIP    <- MSR_LSTAR              (syscall_entry below)
; and nothing else: RSP is still the program's stack, GS still the
; program's GS base.  So the registers on entry are:
;
;   RAX  system call number         RDI  argument 1
;   RCX  return RIP (user)          RSI  argument 2
;   R11  return RFLAGS (user)       RDX  argument 3
;   RSP  the program's stack        R10  argument 4 (RCX is taken, see above)
;   RBX RBP R12-R15  the program's  R8   argument 5
;                    callee-saved   R9   argument 6
;
; The kernel keeps every register except RAX (the result), RCX and R11
; (which SYSCALL/SYSRET use), as Linux does.
;
; The frame: only what the way back needs.  This is the fast path every
; system call takes, so it saves no more than it must (docs/syscalls-cost.md
; counts each instruction):
;   - the six argument registers, pushed so that they lie in memory in
;     the order arg[0..5]: the frame's first 48 bytes *are* the arg[]
;     array the handlers take, nothing is copied;
;   - RBP, because the entry zeroes it (kernel backtraces end here);
;   - the program's RIP (RCX), RFLAGS (R11) and RSP.
; RBX, R12-R15 are not saved: syscall_from_user() and everything it calls
; are C, and the C ABI (SysV AMD64 §3.2.1) makes every function give them
; back unchanged.  The ways out that do not return here -- exit, a kill,
; a fault -- leave through user_leave, which abandons this stack.  So the
; frame is a struct syscall_frame (syscall.h), not a full trap_frame; the
; offsets are ANVIL_SF_* from syscall_layout.h.
;
; The table, as the stack looks when syscall_from_user is called:
;
;   +72  frame.rsp     the program's RSP      (pushed first)
;   +64  frame.rflags  R11
;   +56  frame.rip     RCX
;   +48  frame.rbp     the program's RBP
;   +40  frame.arg[5]  R9
;   +32  frame.arg[4]  R8
;   +24  frame.arg[3]  R10
;   +16  frame.arg[2]  RDX
;    +8  frame.arg[1]  RSI
;    +0  frame.arg[0]  RDI                    <- RSP (pushed last)

%include "syscall_layout.inc"

section .text
bits 64

extern syscall_from_user

global syscall_entry
syscall_entry:
    ; GS: the program's base -> the kernel's per-CPU block.  Nothing in
    ; the kernel can be reached before this: there is no kernel stack yet.
    swapgs
    mov [gs:ANVIL_PERCPU_USER_RSP], rsp        ; keep the program's RSP
    mov rsp, [gs:ANVIL_PERCPU_KERNEL_RSP]      ; this process's kernel stack

    ; Interrupts stay off (SFMASK cleared IF) until the frame is complete.
    push qword [gs:ANVIL_PERCPU_USER_RSP]       ; frame.rsp
    push r11                                    ; frame.rflags
    push rcx                                    ; frame.rip
    push rbp                                    ; frame.rbp
    push r9                                     ; frame.arg[5]
    push r8                                     ; frame.arg[4]
    push r10                                    ; frame.arg[3] (RCX is taken, see above)
    push rdx                                    ; frame.arg[2]
    push rsi                                    ; frame.arg[1]
    push rdi                                    ; frame.arg[0]

    ; 80 bytes below a page-aligned stack top: RSP is 16-byte aligned, as
    ; the C call wants.  RBP = 0 ends kernel backtraces here.
    xor ebp, ebp
    mov rdi, rsp                                ; frame (and arg[])
    mov rsi, rax                                ; the system call number
    call syscall_from_user                      ; RAX = the result; IF off again

    ; Back to the program.  SYSRET takes RIP from RCX and RFLAGS from R11.
    ; RIP must lie in the user half: on Intel CPUs SYSRET to a
    ; non-canonical RCX raises #GP in ring 0 *after* RSP is already the
    ; program's, which a program could use to run the kernel's #GP handler
    ; on a stack it chose (CVE-2012-0217) -- a `syscall` in the last bytes
    ; of the user half is enough.  Such a return goes through iretq, whose
    ; #GP comes before anything changes (see .bad_iret).  One shift tests
    ; it: any bit from 47 up set means "not a user address".  The jump on
    ; its result waits until the registers are back: mov and pop leave
    ; RFLAGS alone, so both ways out share the pops below.
    mov rcx, [rsp + ANVIL_SF_RIP]
    mov r11, rcx
    shr r11, ANVIL_USER_ADDR_BITS               ; ZF = 1: a user address

    mov r11, [rsp + ANVIL_SF_RFLAGS]            ; RFLAGS for SYSRET
    pop rdi                                     ; frame.arg[0]
    pop rsi                                     ; frame.arg[1]
    pop rdx                                     ; frame.arg[2]
    pop r10                                     ; frame.arg[3]
    pop r8                                      ; frame.arg[4]
    pop r9                                      ; frame.arg[5]
    pop rbp                                     ; frame.rbp
    jnz .return_with_iretq                      ; ZF from the shr above

    ; RSP now points at frame.rip; the program's stack is two words up.
    mov rsp, [rsp + ANVIL_SF_RSP - ANVIL_SF_RIP]
    ; From here to sysretq the kernel runs on the program's stack with the
    ; program's GS: interrupts are off, and an NMI comes on its own IST stack.
    swapgs
    o64 sysret                                  ; sysretq: RIP = RCX, RFLAGS = R11, CPL 3

    ; The slow way back: an interrupt frame for iretq (SS, RSP, RFLAGS, CS,
    ; RIP; SDM Vol. 3A §6.14.3) built from the rest of the frame.  RCX and
    ; R11 hold RIP and RFLAGS, as after sysretq.
.return_with_iretq:
    ; RSP points at frame.rip; each push below moves the frame 8 further up.
    push ANVIL_USER_DS                          ; iret SS
    push qword [rsp + 8 + ANVIL_SF_RSP - ANVIL_SF_RIP]  ; iret RSP
    push r11                                    ; iret RFLAGS
    push ANVIL_USER_CS                          ; iret CS
    push rcx                                    ; iret RIP
    swapgs
.iretq:
    iretq                                       ; #GP here, in ring 0, for a bad RIP

; The exception table entry for the iretq above: its #GP (non-canonical
; RIP) arrives in ring 0 with the program's GS already swapped in.  The
; fix-up swaps GS back and ends the process as Linux would: SIGSEGV.
section .extable progbits alloc noexec nowrite align=8
    dq syscall_entry.iretq, syscall_entry.bad_iret
section .text
extern process_bad_return
.bad_iret:
    swapgs
    call process_bad_return                     ; never returns

; ---------------------------------------------------------------------------
; uint64_t user_enter(struct kcontext *k = RDI, uint64_t rip = RSI,
;                     uint64_t rsp = RDX)
;
; setjmp-like: save the kernel's callee-saved registers and RSP in *k,
; then drop to ring 3 at rip with the stack rsp.  It "returns" only when
; user_leave(k, value) is called (by exit, or the fault handler that kills
; the program), and then returns that value.
global user_enter
user_enter:
    mov [rdi + ANVIL_KCTX_RSP], rsp             ; points at our return address
    mov [rdi + ANVIL_KCTX_RBX], rbx
    mov [rdi + ANVIL_KCTX_RBP], rbp
    mov [rdi + ANVIL_KCTX_R12], r12
    mov [rdi + ANVIL_KCTX_R13], r13
    mov [rdi + ANVIL_KCTX_R14], r14
    mov [rdi + ANVIL_KCTX_R15], r15

    ; An interrupt frame as if ring 3 had been interrupted at rip; iretq
    ; pops it and changes privilege (SDM Vol. 3A §6.14.3).
    push ANVIL_USER_DS                          ; SS
    push rdx                                    ; RSP
    push ANVIL_USER_RFLAGS                      ; RFLAGS
    push ANVIL_USER_CS                          ; CS
    push rsi                                    ; RIP

    ; Nothing of the kernel may reach the program: every register starts
    ; at 0 (the ELF ABI only promises RSP; Linux zeroes the rest too).
    xor eax, eax
    xor ebx, ebx
    xor ecx, ecx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    xor ebp, ebp
    xor r8d, r8d
    xor r9d, r9d
    xor r10d, r10d
    xor r11d, r11d
    xor r12d, r12d
    xor r13d, r13d
    xor r14d, r14d
    xor r15d, r15d
    swapgs                                      ; the program's GS base (0)
    iretq

; ---------------------------------------------------------------------------
; void user_leave(struct kcontext *k = RDI, uint64_t value = RSI)
;
; longjmp-like: back into the kernel code that called user_enter(k, ...),
; which returns value.  Called on the process's kernel stack, with the
; kernel's GS (every way in from ring 3 swapped it); that stack is simply
; abandoned.
global user_leave
user_leave:
    mov rax, rsi
    mov rbx, [rdi + ANVIL_KCTX_RBX]
    mov rbp, [rdi + ANVIL_KCTX_RBP]
    mov r12, [rdi + ANVIL_KCTX_R12]
    mov r13, [rdi + ANVIL_KCTX_R13]
    mov r14, [rdi + ANVIL_KCTX_R14]
    mov r15, [rdi + ANVIL_KCTX_R15]
    mov rsp, [rdi + ANVIL_KCTX_RSP]
    ret                                         ; to user_enter's caller
