; The SYSCALL entry, the way back to ring 3 after a system call, and the
; doors for tasks that start there: user_enter (a program's first
; instruction, after exec) and fork_child_entry (a forked child's first
; return from fork).  docs/syscalls.md walks through one write() from the
; program's `syscall` to the `sysretq` here; docs/processes.md the rest.
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
;   - the program's RIP (RCX), RFLAGS (R11) and RSP;
;   - RAX as it came, the call's number: a system call interrupted by a
;     signal may have to be made again (a restart, docs/signals.md), and
;     RAX is the result by then.  Plus one unused word: 12 words keep RSP
;     16-byte aligned.
; RBX, R12-R15 are not saved: the handler and everything it calls are C,
; and the C ABI (SysV AMD64 §3.2.1) makes every function give them back
; unchanged.  The few calls that need them get them through a full-frame
; stub (below).  The ways out that do not return here -- exit, a kill --
; end the task, which never runs on this stack again.  So the frame is a
; struct syscall_frame (syscall.h), not a full trap_frame; the offsets
; are ANVIL_SF_* from syscall_layout.h.
;
; The table, as the stack looks when the handler is called:
;
;   +88  frame.pad     unused                  (first)
;   +80  frame.nr      RAX: the number
;   +72  frame.rsp     the program's RSP
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
%include "trap_layout.inc"
%include "trap_frame.inc"

section .text
bits 64

extern syscall_table, syscall_unknown, syscall_exit_work

; ---------------------------------------------------------------------------
; SYSCALL_TO_TRAP_FRAME: with RSP at the SYSCALL frame and RAX the result,
; build a struct trap_frame (trap.h) right below the SYSCALL frame: the
; registers a program sees after the call, as an interrupt at the next
; instruction would have saved them.  RBX and R12-R15 are still the
; program's (the C code gave them back); RCX and R11 are what SYSCALL
; made of them (RIP and RFLAGS); the rest come from the SYSCALL frame.
; frame.vector says "a system call" and frame.error_code holds its number
; (trap_layout.h).  Clobbers RAX.  176 bytes: RSP stays 16-byte aligned.
%define SF(field) rsp + ANVIL_TF_SIZE + ANVIL_SF_ %+ field
%macro COPY_SF 2                                ; frame.%1 = syscall frame's %2
    mov rax, [SF(%2)]
    mov [rsp + ANVIL_TF_ %+ %1], rax
%endmacro
%macro SYSCALL_TO_TRAP_FRAME 0
    sub rsp, ANVIL_TF_SIZE
    mov [rsp + ANVIL_TF_RAX], rax
    mov [rsp + ANVIL_TF_RBX], rbx
    mov [rsp + ANVIL_TF_R12], r12
    mov [rsp + ANVIL_TF_R13], r13
    mov [rsp + ANVIL_TF_R14], r14
    mov [rsp + ANVIL_TF_R15], r15
    COPY_SF RDI, ARG0
    COPY_SF RSI, ARG1
    COPY_SF RDX, ARG2
    COPY_SF R10, ARG3
    COPY_SF R8, ARG4
    COPY_SF R9, ARG5
    COPY_SF RBP, RBP
    COPY_SF RIP, RIP
    COPY_SF RCX, RIP
    COPY_SF RFLAGS, RFLAGS
    COPY_SF R11, RFLAGS
    COPY_SF RSP, RSP
    COPY_SF ERROR_CODE, NR
    mov qword [rsp + ANVIL_TF_VECTOR], ANVIL_TRAP_VECTOR_SYSCALL
    mov qword [rsp + ANVIL_TF_CS], ANVIL_USER_CS
    mov qword [rsp + ANVIL_TF_SS], ANVIL_USER_DS
%endmacro

global syscall_entry, syscall_return
syscall_entry:
    ; GS: the program's base -> the kernel's per-CPU block.  Nothing in
    ; the kernel can be reached before this: there is no kernel stack yet.
    swapgs
    mov [gs:ANVIL_PERCPU_USER_RSP], rsp        ; keep the program's RSP
    mov rsp, [gs:ANVIL_PERCPU_KERNEL_RSP]      ; this task's kernel stack

    ; Interrupts stay off (SFMASK cleared IF) until the frame is complete.
    sub rsp, 8                                  ; frame.pad
    push rax                                    ; frame.nr
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

    ; 96 bytes below a page-aligned stack top: RSP is 16-byte aligned, as
    ; the C call wants.  RBP = 0 ends kernel backtraces here.
    xor ebp, ebp
    mov rdi, rsp                                ; the handler's arg[] (the frame)

    ; The dispatch: syscall_table[RAX](arg), or syscall_unknown(RAX) for a
    ; number without a handler (kernel/syscall.h has the table).  RAX is
    ; unsigned and all 64 bits count: -1 and 1 << 40 are out of range.
    ; The handler runs with interrupts on: nanosleep, read and wait4
    ; sleep, and the timer must be able to preempt a long call.
    sti
    cmp rax, ANVIL_SYS_COUNT
    jae syscall_return.unknown
    mov rcx, [syscall_table + rax * 8]          ; the kernel lives in the top 2 GiB:
    test rcx, rcx                               ; a 32-bit displacement reaches it
    jz syscall_return.unknown                   ; (RCX and R11 are free: in the frame)
    call rcx                                    ; RAX = the result

    ; Back to the program.  From here on interrupts stay off: the final
    ; swapgs to sysretq runs with the program's GS.  A forked child joins
    ; here (fork_child_entry), with interrupts already off.
syscall_return:
    cli
    cmp qword [gs:ANVIL_PERCPU_WORK], 0         ; a reschedule due, a signal pending?
    jnz .work
    ; A program single-stepping itself (RFLAGS.TF) goes back by iretq, as
    ; on Linux: sysretq would load TF and trap at once, before the next
    ; instruction runs, where iretq lets that instruction run first and
    ; then traps -- the single step the program asked for.
    test byte [rsp + ANVIL_SF_RFLAGS + 1], ANVIL_RFLAGS_TF >> 8
    jnz .work

    ; SYSRET takes RIP from RCX and RFLAGS from R11.
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

    ; The slow way back: work before ring 3 (kernel/proc/sched.c,
    ; syscall_exit_work): another task to run, a signal to act on.  A
    ; signal needs every register of the program -- its handler's frame
    ; holds them all, and rt_sigreturn may replace them all -- so the
    ; SYSCALL frame is made into a full trap frame below it, the frame an
    ; interrupt from ring 3 would have left, and the way out is iretq.
.work:
    SYSCALL_TO_TRAP_FRAME
.full:
    mov rdi, rsp                                ; struct trap_frame *
    call syscall_exit_work                      ; returns with interrupts off
    POP_TRAP_FRAME_GPRS
    add rsp, 16                                 ; frame.vector, frame.error_code
    swapgs
.full_iretq:
    iretq                                       ; #GP here, in ring 0, for a bad RIP

.unknown:
    mov rdi, rax                                ; the number
    call syscall_unknown                        ; logs it once: -ENOSYS
    jmp syscall_return

; The exception table entry for the iretq above: its #GP (non-canonical
; RIP) arrives in ring 0 with the program's GS already swapped in.  The
; fix-up swaps GS back and ends the process as Linux would: SIGSEGV.
section .extable progbits alloc noexec nowrite align=8
    dq syscall_return.iretq, syscall_return.bad_iret
    dq syscall_return.full_iretq, syscall_return.bad_iret
section .text
extern process_bad_return
.bad_iret:
    swapgs
    call process_bad_return                     ; never returns

; ---------------------------------------------------------------------------
; void user_enter(uint64_t rip = RDI, uint64_t rsp = RSI)   -- never returns
;
; Start ring 3 at rip with the stack rsp, as if the program had been
; interrupted there: a new program's first instruction (kernel/exec.c).
; Whatever the kernel was doing on this task's stack is over, so RSP
; first goes back to the stack's top (the per-CPU kernel_rsp); the next
; entry from ring 3 starts there anyway.  Called with interrupts off.
global user_enter
user_enter:
    mov rsp, [gs:ANVIL_PERCPU_KERNEL_RSP]

    ; An interrupt frame as if ring 3 had been interrupted at rip; iretq
    ; pops it and changes privilege (SDM Vol. 3A §6.14.3).
    push ANVIL_USER_DS                          ; SS
    push rsi                                    ; RSP
    push ANVIL_USER_RFLAGS                      ; RFLAGS
    push ANVIL_USER_CS                          ; CS
    push rdi                                    ; RIP

    ; Nothing of the kernel, nor of the program that called execve, may
    ; reach the new one: every register starts at 0 (the ELF ABI only
    ; promises RSP; Linux zeroes the rest too, ELF_PLAT_INIT).
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
    swapgs                                      ; the program's GS base
.iretq:
    iretq
; A bad rip (execve checks the entry point, so never in practice) faults
; in ring 0 like the iretq above, after the swapgs: the same fix-up.
section .extable
    dq user_enter.iretq, syscall_return.bad_iret
section .text

; ---------------------------------------------------------------------------
; A forked child's first instructions (arch/x86_64/entry/switch.c builds
; the switch frame that returns here).  Its stack holds a copy of the
; parent's SYSCALL frame; switch_to has just loaded the parent's user
; RBX, RBP, R12-R15.  Finish the switch (kernel/proc/fork.c), then leave by the parent's path
; with fork's result for a child: 0.
extern fork_child_start
global fork_child_entry
fork_child_entry:
    call fork_child_start                       ; RSP = the frame: 16-byte aligned
    xor eax, eax
    jmp syscall_return

; ---------------------------------------------------------------------------
; Full-frame stubs.  The SYSCALL frame leaves out RBX and R12-R15 (the C
; code keeps them by the ABI); the few calls that must read or replace
; them get them through a stub like these, sitting in the table in place
; of the C handler (as Linux did with stub_clone and stub_execve):
;   fork, vfork, clone   the child needs all of the parent's registers
; (execve needs none: user_enter zeroes every register anyway).
; The stub is called straight from the dispatch above, so RBX and R12-R15
; still hold the program's values.  It pushes them as a struct
; user_callee_saved (switch.h), calls the C function with (arg[], &regs)
; and pops them back, changed or not.  5 pushes after the call's return
; address: RSP is 16-byte aligned for the C call.
%macro FULL_FRAME_STUB 1
extern %1_full
global %1
%1:
    push rbx
    push r12
    push r13
    push r14
    push r15
    mov rsi, rsp                                ; struct user_callee_saved *
    call %1_full                                ; RDI is still arg[]
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    ret
%endmacro

FULL_FRAME_STUB sys_fork
FULL_FRAME_STUB sys_vfork
FULL_FRAME_STUB sys_clone

; ---------------------------------------------------------------------------
; rt_sigreturn (15): the one system call that replaces every register of
; the program, with the ones saved in the signal frame on its stack
; (arch/x86_64/entry/sigframe.c checks them).  Like the stubs above it
; sits in the table in place of a C handler; it does not go back into the
; dispatch (its return address is dropped) but builds the full trap frame
; at once, lets rt_sigreturn_frame overwrite it, and leaves by the slow
; way's iretq -- which can load every register, where sysretq cannot
; (it takes RCX and R11 for RIP and RFLAGS).
extern rt_sigreturn_frame
global sys_rt_sigreturn
sys_rt_sigreturn:
    add rsp, 8                                  ; the dispatch's return address
    xor eax, eax
    SYSCALL_TO_TRAP_FRAME
    mov rdi, rsp
    call rt_sigreturn_frame                     ; (struct trap_frame *)
    cli
    jmp syscall_return.full
