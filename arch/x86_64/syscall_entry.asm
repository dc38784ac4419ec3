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
; The frame built on the kernel stack is a struct trap_frame (trap.h), the
; same the interrupt stubs build, so C code (the dispatcher, the fault
; reports, process exit) sees one kind of frame whichever way the program
; came in.  The offsets are the ones trap_entry.asm uses.

%include "trap_layout.inc"
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

    ; The part of the frame the CPU pushes on an interrupt from ring 3, as
    ; the CPU would have pushed it.  Interrupts stay off (SFMASK cleared
    ; IF) until the frame is complete.
    push ANVIL_USER_DS                          ; frame.ss
    push qword [gs:ANVIL_PERCPU_USER_RSP]       ; frame.rsp
    push r11                                    ; frame.rflags
    push ANVIL_USER_CS                          ; frame.cs
    push rcx                                    ; frame.rip
    push 0                                      ; frame.error_code
    push ANVIL_TF_VECTOR_SYSCALL                ; frame.vector: "came by SYSCALL"
    push rax                                    ; frame.rax: the number; the result goes here
    push rbx                                    ; frame.rbx
    push rcx                                    ; frame.rcx
    push rdx                                    ; frame.rdx: argument 3
    push rsi                                    ; frame.rsi: argument 2
    push rdi                                    ; frame.rdi: argument 1
    push rbp                                    ; frame.rbp
    push r8                                     ; frame.r8: argument 5
    push r9                                     ; frame.r9: argument 6
    push r10                                    ; frame.r10: argument 4
    push r11                                    ; frame.r11
    push r12                                    ; frame.r12
    push r13                                    ; frame.r13
    push r14                                    ; frame.r14
    push r15                                    ; frame.r15

    ; The frame is 176 bytes from a page-aligned stack top: RSP is 16-byte
    ; aligned, as the C call wants.  RBP = 0 ends kernel backtraces here.
    xor ebp, ebp
    mov rdi, rsp
    call syscall_from_user                      ; frame.rax = the result

    ; Back to the program.  SYSRET takes RIP from RCX and RFLAGS from R11.
    ; RIP must be canonical: on Intel CPUs SYSRET to a non-canonical RCX
    ; raises #GP in ring 0 *after* RSP is already the program's, which a
    ; program could use to run the kernel's #GP handler on a stack it
    ; chose (CVE-2012-0217).  Such a return goes through iretq instead,
    ; whose #GP comes before anything changes (see .bad_iret).
    mov rcx, [rsp + ANVIL_TF_RIP]
    mov r11, rcx
    shl r11, 16
    sar r11, 16                                 ; sign-extend bit 47 into 48-63
    cmp r11, rcx
    jne .return_with_iretq                      ; not canonical

    pop r15                                     ; frame.r15
    pop r14                                     ; frame.r14
    pop r13                                     ; frame.r13
    pop r12                                     ; frame.r12
    add rsp, 8                                  ; frame.r11: R11 carries RFLAGS instead
    pop r10                                     ; frame.r10
    pop r9                                      ; frame.r9
    pop r8                                      ; frame.r8
    pop rbp                                     ; frame.rbp
    pop rdi                                     ; frame.rdi
    pop rsi                                     ; frame.rsi
    pop rdx                                     ; frame.rdx
    add rsp, 8                                  ; frame.rcx: RCX carries RIP instead
    pop rbx                                     ; frame.rbx
    pop rax                                     ; frame.rax: the result
    ; RSP now points at frame.vector; the rest is read by offset.
    mov r11, [rsp + ANVIL_TF_RFLAGS - ANVIL_TF_VECTOR]  ; RFLAGS for SYSRET
    mov rsp, [rsp + ANVIL_TF_RSP - ANVIL_TF_VECTOR]     ; the program's stack
    ; From here to sysretq the kernel runs on the program's stack with the
    ; program's GS: interrupts are off, and an NMI comes on its own IST stack.
    swapgs
    o64 sysret                                  ; sysretq: RIP = RCX, RFLAGS = R11, CPL 3

.return_with_iretq:
    pop r15                                     ; frame.r15
    pop r14                                     ; frame.r14
    pop r13                                     ; frame.r13
    pop r12                                     ; frame.r12
    pop r11                                     ; frame.r11
    pop r10                                     ; frame.r10
    pop r9                                      ; frame.r9
    pop r8                                      ; frame.r8
    pop rbp                                     ; frame.rbp
    pop rdi                                     ; frame.rdi
    pop rsi                                     ; frame.rsi
    pop rdx                                     ; frame.rdx
    pop rcx                                     ; frame.rcx
    pop rbx                                     ; frame.rbx
    pop rax                                     ; frame.rax
    add rsp, 16                                 ; frame.vector, frame.error_code
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
