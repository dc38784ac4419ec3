; anvil's first instructions in the higher half: boot/entry.asm has switched
; to 64-bit mode and jumps here, to long_mode_high, with the boot page
; tables' identity map of the first GiB still in place.  From here: the
; data segments, the boot stack, a GDTR the identity map's end cannot break,
; and the call to the C entry kmain(boot_info_phys).
;
; A file of its own because it is linked in .text, while boot/entry.asm is
; linked at its physical address (see the note at the top of that file).

%include "layout.inc"

extern kmain
extern boot_gdt_ptr_high, mb2_info_phys, boot_tsc_start_phys   ; boot/entry.asm, .boot.data

section .text
bits 64
global long_mode_high
long_mode_high:
    mov ax, ANVIL_BOOT_DATA_SEL
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax

    mov rsp, boot_stack_top

    ; GDTR still holds the boot GDT's identity-mapped address, which C is
    ; about to unmap: point it at the same bytes through the direct map.
    ; The identity map still holds, so the low addresses of .boot.data
    ; (below) are still readable.
    lgdt [boot_gdt_ptr_high]

    ; Copy the starting TSC to where C sees it.
    mov rax, [boot_tsc_start_phys]
    mov [rel boot_tsc_start], rax

    xor ebp, ebp                        ; end of the frame-pointer chain
    mov edi, [mb2_info_phys]            ; kmain(boot information, physical)
    call kmain
.halt:                                  ; kmain does not return
    cli
    hlt
    jmp .halt

section .bss
alignb 16
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    resb ANVIL_BOOT_STACK_SIZE
boot_stack_top:

section .data
align 8
global boot_tsc_start
boot_tsc_start: dq 0                    ; the TSC at the kernel's first instruction (kernel/boot_cost.h)
