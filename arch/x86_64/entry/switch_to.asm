; switch_to: the one place where the CPU stops running one task's kernel
; code and starts running another's.  docs/processes.md walks through it.
;
; void switch_to(uint64_t *prev_rsp = RDI, uint64_t next_rsp = RSI)
;
; A task that is not running is always stopped *inside* a call to
; switch_to, somewhere in schedule().  So its state is exactly what a C
; function must give back to its caller (SysV AMD64 ABI §3.2.1): the
; callee-saved registers and the stack pointer.  Everything else -- RAX,
; RCX, RDX, RSI, RDI, R8-R11, the flags -- the C caller of switch_to
; already assumes is destroyed by any call, so it need not be kept.  The
; user program's registers are not here either: they were saved on this
; same kernel stack when the task entered the kernel (the SYSCALL frame
; or the trap frame), and come back when it leaves.
;
; The switch frame, as it lies on a stopped task's kernel stack:
;
;   +48  return address    where switch_to returns to in the new task
;   +40  RBX
;   +32  RBP
;   +24  R12
;   +16  R13
;    +8  R14
;    +0  R15               <- the saved RSP (*prev_rsp)
;
; arch/x86_64/entry/switch.h has it as struct switch_frame; a new task's
; first frame is built there by hand, with the return address of the code
; it starts in (task_entry below, or fork_child_entry).
;
; What switch_to does not do, because C does it around it (switch.c):
; CR3 (the address space), TSS.RSP0 and the per-CPU kernel stack, the FS
; and user GS bases, and the FPU/SSE/AVX registers.  Interrupts are off
; throughout: the caller holds the scheduler's lock.

section .text
bits 64

global switch_to
switch_to:
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    mov [rdi], rsp              ; the old task stops here...
    mov rsp, rsi                ; ...and this is the moment the new one runs
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret                         ; into the new task: where *it* called switch_to

; A new kernel task's first instructions.  Its first switch frame holds
; the function in RBX and its argument in R12 (switch.c, arch_task_init);
; sched_tail() finishes the switch (releases the scheduler's lock) just
; as the end of schedule() does for a task that was stopped in it.
extern sched_tail
global task_entry
task_entry:
    call sched_tail             ; RSP is 16-byte aligned here: see switch.c
    mov rdi, r12
    call rbx                    ; fn(arg); it never returns
    ud2
