; The way into the kernel for every interrupt and exception: 256 stubs,
; one per IDT vector, and the common code that builds a struct trap_frame
; (arch/x86_64/trap/trap.h), calls trap_dispatch(frame) and returns with iretq.
;
; On an interrupt or exception the CPU, in 64-bit mode (Intel SDM Vol. 3A
; §6.14.2, Figure 6-9): switches to the TSS's RSP0 if it came from ring 3,
; or to an IST stack if the gate names one; aligns RSP to 16; pushes SS,
; RSP, RFLAGS, CS, RIP, and for some exceptions an error code; then jumps
; to the gate's handler with interrupts off (all gates are interrupt gates).
; The stubs make the rest of the frame the same for every vector.
;
; Offsets into the frame come from arch/x86_64/entry/trap_layout.h (the build
; generates trap_layout.inc from it), the same numbers C checks against
; the struct with _Static_assert.

%include "trap_layout.inc"
%include "trap_frame.inc"

section .text
bits 64

; ---------------------------------------------------------------------------
; The stubs, 16 bytes apart.  The CPU pushes an error code only for the
; vectors in ANVIL_TRAP_ERROR_CODE_MASK; every other stub pushes a 0 in its
; place, so error_code is always at the same offset.
extern trap_dispatch

%assign vec 0
%rep 256
align 16
trap_stub_%[vec]:
%assign cpu_pushes_error 0
%if vec < 32
%if (ANVIL_TRAP_ERROR_CODE_MASK >> vec) & 1
%assign cpu_pushes_error 1
%endif
%endif
%if cpu_pushes_error == 0
    push 0                              ; frame.error_code (none from the CPU)
%endif
    push vec                            ; frame.vector
    jmp trap_common
%assign vec vec + 1
%endrep

; ---------------------------------------------------------------------------
; The part every stub shares.  On entry RSP points at frame.vector.
trap_common:
    push rax                            ; frame.rax
    push rbx                            ; frame.rbx
    push rcx                            ; frame.rcx
    push rdx                            ; frame.rdx
    push rsi                            ; frame.rsi
    push rdi                            ; frame.rdi
    push rbp                            ; frame.rbp
    push r8                             ; frame.r8
    push r9                             ; frame.r9
    push r10                            ; frame.r10
    push r11                            ; frame.r11
    push r12                            ; frame.r12
    push r13                            ; frame.r13
    push r14                            ; frame.r14
    push r15                            ; frame.r15
    mov rdi, rsp                        ; the frame is complete: trap_dispatch(frame)

    ; From ring 3 (CS & 3 != 0), GS holds the program's base: swapgs puts
    ; the kernel's per-CPU base in (SDM Vol. 2B "SWAPGS").  From ring 0 it
    ; is already the kernel's.  (An NMI or #MC landing in a SYSCALL entry
    ; before its own swapgs would be misjudged by this test; the SYSCALL
    ; path must keep that window short, and a per-CPU check can replace
    ; this one for the IST vectors.)
    test byte [rdi + ANVIL_TF_CS], 3
    jz .from_kernel
    swapgs
    xor ebp, ebp                        ; backtraces end here, not in the program's frames
.from_kernel:
    ; A frame record (return address, saved RBP) for the interrupted code,
    ; so a backtrace from inside the handler walks on into the function
    ; that was interrupted.  Two pushes: RSP stays 16-byte aligned.
    push qword [rdi + ANVIL_TF_RIP]
    push rbp
    mov rbp, rsp
    ; AC and DF are still the interrupted code's: clear both
    ; (ANVIL_TRAP_CLEAR_RFLAGS, trap_layout.h says why).  Not clac + cld:
    ; clac raises #UD on a CPU without SMAP, and this path must work from
    ; the first exception of the boot on any CPU, before anything could
    ; test a feature flag.  popfq costs a few cycles more, on a path that
    ; is not the SYSCALL one.  iretq restores the interrupted flags.
    pushfq
    and qword [rsp], ~ANVIL_TRAP_CLEAR_RFLAGS
    popfq
    call trap_dispatch
    add rsp, 16                         ; drop the frame record: RSP = frame again

    ; trap_dispatch may have changed the frame (trap_catch does): read CS
    ; from it again to decide where we return.
    test byte [rsp + ANVIL_TF_CS], 3
    jz .to_kernel
    swapgs
.to_kernel:
    POP_TRAP_FRAME_GPRS
    add rsp, 16                         ; frame.vector, frame.error_code
    iretq                               ; pops RIP, CS, RFLAGS, RSP, SS

; ---------------------------------------------------------------------------
; bool trap_catch(void (*fn)(void *) = RDI, void *arg = RSI,
;                 struct trap_caught *out = RDX)
; setjmp-like: save the callee-saved registers here, remember RSP with
; trap_catch_arm(), call fn(arg).  If fn faults, trap_catch_take() (C)
; rewrites the trap frame so iretq lands at trap_catch_resume with RSP
; back at the remembered value.  See arch/x86_64/trap/trap.h.
global trap_catch, trap_catch_resume
extern trap_catch_arm, trap_catch_disarm
trap_catch:
    push rbp
    mov rbp, rsp
    push rbx
    push r12
    push r13
    push r14
    push r15
    sub rsp, 8                          ; 16-byte alignment for the calls below
    mov rbx, rdi                        ; fn
    mov r12, rsi                        ; arg
    mov rdi, rsp                        ; trap_catch_arm(resume RSP, out)
    mov rsi, rdx
    call trap_catch_arm
    mov rdi, r12
    call rbx                            ; fn(arg)
    call trap_catch_disarm
    xor eax, eax                        ; returned normally: false
.unwind:
    add rsp, 8
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret

; Reached by iretq from a caught exception, with RSP as trap_catch_arm saw it.
trap_catch_resume:
    mov eax, 1                          ; caught: true
    jmp trap_catch.unwind

; ---------------------------------------------------------------------------
; The stubs' addresses, for idt_init().
section .rodata progbits alloc noexec nowrite align=8
global trap_stubs
trap_stubs:
%assign vec 0
%rep 256
    dq trap_stub_%[vec]
%assign vec vec + 1
%endrep
