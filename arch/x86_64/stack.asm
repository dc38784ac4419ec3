; run_on_stack(top, fn): continue on another stack.
;
; Loads RSP with `top` (RDI) and calls fn (RSI), which must not return:
; the frames of the old stack are abandoned.  RBP is cleared so a
; backtrace ends at fn instead of wandering into the old stack.  The call
; pushes the return address, so fn starts with RSP = top - 8, the
; alignment the SysV ABI promises at function entry (top is page-aligned).

section .text
bits 64
global run_on_stack
run_on_stack:
    mov rsp, rdi
    xor ebp, ebp
    call rsi
.halt:                          ; fn returned: nothing to go back to
    cli
    hlt
    jmp .halt
