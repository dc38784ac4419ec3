; run_on_stack(top, fn): continue on another stack.
;
; Loads RSP with `top` (RDI) and calls fn (RSI), which must not return.
; Before the call it lays a frame record on the new stack (the caller's
; return address and RBP, what a normal call and "push rbp" would have
; left), so a backtrace taken on the new stack goes on through this
; record into the caller (kmain) on the old stack and ends where that
; chain ends.  top is page-aligned; after the two pushes and the call, fn
; starts with RSP = top - 24, the alignment the SysV ABI promises at
; function entry (RSP + 8 a multiple of 16).

section .text
bits 64
global run_on_stack
run_on_stack:
    pop rax                     ; the return address into the caller
    mov rsp, rdi
    push rax                    ; frame record: return address...
    push rbp                    ; ...and the caller's frame pointer
    mov rbp, rsp
    call rsi
.halt:                          ; fn returned: nothing to go back to
    cli
    hlt
    jmp .halt
