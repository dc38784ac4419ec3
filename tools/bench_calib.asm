; The calibration kernel for tools/bench.py's boot-time figures: the
; smallest multiboot2 kernel that says something.  GRUB loads it from an
; ISO made exactly like anvil's (same grub.cfg template, same firmware),
; it prints one line on COM1 and ends the run through isa-debug-exit.
; The wall time from QEMU's start to that line is the fixed cost of
; firmware + GRUB; anvil's boot minus this is the kernel's own share.
;
;   nasm -f elf32 tools/bench_calib.asm -o calib.o
;   ld -m elf_i386 -Ttext=0x100000 -e _start calib.o -o calib.elf

%define MB2_MAGIC       0xe85250d6      ; multiboot2 header magic
%define MB2_ARCH_I386   0               ; 32-bit protected mode entry
%define COM1            0x3f8
%define DEBUG_EXIT      0xf4            ; QEMU exits with (value << 1) | 1

section .text
bits 32
align 8
mb2_header:                             ; multiboot2 spec §3.1.1
    dd MB2_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    dw 0, 0                             ; the end tag
    dd 8
mb2_header_end:

global _start
_start:
    ; The firmware and GRUB left COM1 at 115200 8N1 (GRUB's `serial`
    ; command in grub.cfg): just write, waiting for an empty transmitter.
    mov esi, message
.next:
    lodsb
    test al, al
    jz .done
    mov ah, al
    mov dx, COM1 + 5                    ; line status register
.wait:
    in al, dx
    test al, 0x20                       ; THR empty
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    jmp .next
.done:
    mov dx, DEBUG_EXIT
    xor eax, eax
    out dx, al                          ; QEMU exits with status 1
.halt:
    cli
    hlt
    jmp .halt

message: db "calib: hello from the calibration kernel", 13, 10, 0
