; anvil's first instructions.  GRUB jumps to _start32 in 32-bit protected
; mode with paging off (multiboot2 spec §3.3, "I386 machine state"):
;   EAX = 0x36d76289, EBX = physical address of the boot information.
; From here we check the CPU, build the first page tables, switch to long
; mode (Intel SDM Vol. 3A §9.8.5 "Initializing IA-32e Mode") and jump to
; the higher half (boot/entry64.asm), which calls the C entry
; kmain(boot_info_phys).
;
; Everything here is linked at its physical address (sections .boot.*):
; paging is off while it runs.  The higher-half part, from long_mode_high
; on, is boot/entry64.asm: NASM describes one file's code to a debugger as
; one address range starting at its first code section, so code in .text
; here would be code gdb cannot place ("pc ... in read in CU, but not in
; symtab").  One file, one code section.

%include "layout.inc"

%define CR0_PE          (1 << 0)        ; protected mode
%define CR0_WP          (1 << 16)       ; ring 0 honours read-only pages
%define CR0_PG          (1 << 31)       ; paging
%define CR4_PAE         (1 << 5)        ; physical address extension (needed for long mode)
%define MSR_EFER        0xc0000080
%define EFER_LME        (1 << 8)        ; long mode enable
%define CPUID_EXT_LM    (1 << 29)       ; CPUID 0x80000001 EDX: long mode
%define EFLAGS_ID       (1 << 21)       ; writable only when CPUID exists

%define PTE_PRESENT     (1 << 0)
%define PTE_WRITABLE    (1 << 1)
%define PTE_HUGE        (1 << 7)        ; in a page directory: a 2 MiB page

%define PML4_INDEX(va)  (((va) >> 39) & 511)
%define PDPT_INDEX(va)  (((va) >> 30) & 511)

; ---------------------------------------------------------------------------
section .boot.text progbits alloc exec nowrite
bits 32
global _start32, mb2_info_phys, boot_tsc_start_phys, boot_gdt_ptr_high
extern long_mode_high
_start32:
    ; The boot-cost clock starts here (kernel/boot_cost.c stops it just
    ; before the first iretq to ring 3).  RDTSC writes EDX:EAX, and EAX
    ; holds GRUB's magic: keep it in ESI meanwhile.  RDTSC needs no set-up
    ; in 32-bit protected mode: CR4.TSD is 0, and we are at CPL 0.
    mov esi, eax
    rdtsc
    mov [boot_tsc_start_phys], eax
    mov [boot_tsc_start_phys + 4], edx
    mov eax, esi
    cli
    cld
    mov esp, boot32_stack_top
    mov [mb2_info_phys], ebx

    call serial32_init
    cmp eax, ANVIL_MB2_BOOTLOADER_MAGIC
    jne .not_multiboot2

    call cpu_has_long_mode
    test eax, eax
    jz .no_long_mode

    call build_boot_page_tables

    ; Long mode switch, Intel SDM Vol. 3A §9.8.5: PAE on, CR3 = PML4,
    ; EFER.LME on, then paging on (which sets EFER.LMA).
    mov eax, cr4
    or eax, CR4_PAE
    mov cr4, eax

    mov eax, boot_pml4
    mov cr3, eax

    mov ecx, MSR_EFER
    rdmsr
    or eax, EFER_LME
    wrmsr

    mov eax, cr0
    or eax, CR0_PG | CR0_PE | CR0_WP
    mov cr0, eax

    ; We are in compatibility mode; a far jump through a 64-bit code
    ; segment enters 64-bit mode.
    lgdt [boot_gdt_ptr]
    jmp ANVIL_BOOT_CODE64_SEL:long_mode_low

.not_multiboot2:
    mov esi, msg_not_mb2
    jmp fail32
.no_long_mode:
    mov esi, msg_no_lm
    jmp fail32

; Is CPUID there (EFLAGS.ID can be flipped), does it have leaf 0x80000001,
; and does that say long mode?  Returns EAX = 1 if so, else 0.
cpu_has_long_mode:
    pushfd
    pop eax
    mov ecx, eax
    xor eax, EFLAGS_ID
    push eax
    popfd
    pushfd
    pop eax
    push ecx                    ; put the original EFLAGS back
    popfd
    xor eax, ecx
    jz .no
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no
    mov eax, 0x80000001
    cpuid
    test edx, CPUID_EXT_LM
    jz .no
    mov eax, 1
    ret
.no:
    xor eax, eax
    ret

; The first page tables, all 2 MiB pages over the first 4 GiB:
;   PML4[0]   -> identity map, only to survive the jump (removed from C);
;   PML4[256] -> the same tables as the direct map at ANVIL_DIRECT_MAP;
;   PML4[511] -> PDPT[510] -> the first GiB, at ANVIL_KERNEL_VMA.
build_boot_page_tables:
    ; Four page directories of 512 entries each: PD entry i maps i * 2 MiB.
    mov edi, boot_pd
    xor ecx, ecx
.pd_entry:
    mov eax, ecx
    shl eax, 21                         ; low 32 bits of i * 2 MiB
    or eax, PTE_PRESENT | PTE_WRITABLE | PTE_HUGE
    mov edx, ecx
    shr edx, 11                         ; high bits of i * 2 MiB
    mov [edi + ecx * 8], eax
    mov [edi + ecx * 8 + 4], edx
    inc ecx
    cmp ecx, 512 * ANVIL_BOOT_MAP_GIB
    jb .pd_entry

    ; PDPT for the low half and the direct map: entry g -> PD for GiB g.
    xor ecx, ecx
.pdpt_entry:
    mov eax, ecx
    shl eax, 12
    add eax, boot_pd
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [boot_pdpt_low + ecx * 8], eax
    inc ecx
    cmp ecx, ANVIL_BOOT_MAP_GIB
    jb .pdpt_entry

    mov eax, boot_pd
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [boot_pdpt_high + PDPT_INDEX(ANVIL_KERNEL_VMA) * 8], eax

    mov eax, boot_pdpt_low
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [boot_pml4 + PML4_INDEX(0) * 8], eax
    mov [boot_pml4 + PML4_INDEX(ANVIL_DIRECT_MAP) * 8], eax
    mov eax, boot_pdpt_high
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [boot_pml4 + PML4_INDEX(ANVIL_KERNEL_VMA) * 8], eax
    ret

; COM1 at 115200 8N1, just enough to say why we stop (the C driver redoes
; this properly with a loopback check).  16550 registers: +0 data / divisor
; low, +1 interrupt enable / divisor high, +2 FIFO control, +3 line control,
; +4 modem control, +5 line status.
serial32_init:
    push eax
    push edx
    mov dx, ANVIL_COM1_PORT + 1
    xor al, al
    out dx, al                  ; no interrupts
    mov dx, ANVIL_COM1_PORT + 3
    mov al, 0x80
    out dx, al                  ; DLAB on: +0/+1 are the divisor
    mov dx, ANVIL_COM1_PORT + 0
    mov al, 1
    out dx, al                  ; divisor 1 = 115200 baud
    mov dx, ANVIL_COM1_PORT + 1
    xor al, al
    out dx, al
    mov dx, ANVIL_COM1_PORT + 3
    mov al, 0x03
    out dx, al                  ; 8 bits, no parity, 1 stop, DLAB off
    pop edx
    pop eax
    ret

; Print the NUL-terminated string at ESI on COM1, then halt for good.
fail32:
    mov dx, ANVIL_COM1_PORT + 5
.wait:
    in al, dx
    test al, 0x20               ; transmit holding register empty?
    jz .wait
    lodsb
    test al, al
    jz .halt
    mov dx, ANVIL_COM1_PORT
    out dx, al
    jmp fail32
.halt:
    cli
    hlt
    jmp .halt

bits 64
long_mode_low:
    ; Still running at the identity-mapped address: jump to the higher half.
    mov rax, long_mode_high
    jmp rax

; ---------------------------------------------------------------------------
section .boot.data progbits alloc noexec write
align 8
; A flat 64-bit GDT just for the switch; the kernel loads its own later.
boot_gdt:
    dq 0                                ; null descriptor
    dq 0x00209a0000000000               ; 0x08: 64-bit code, ring 0 (L=1, P, S, X, R)
    dq 0x0000920000000000               ; 0x10: data, ring 0 (P, S, W)
boot_gdt_end:
boot_gdt_ptr:
    dw boot_gdt_end - boot_gdt - 1
    dq boot_gdt
; The same table seen through the direct map, for the higher half: the
; identity map that boot_gdt_ptr points through is about to go.
boot_gdt_ptr_high:
    dw boot_gdt_end - boot_gdt - 1
    dq boot_gdt + ANVIL_DIRECT_MAP

mb2_info_phys: dd 0
boot_tsc_start_phys: dq 0               ; the TSC at _start32, until copied to boot_tsc_start

msg_not_mb2: db "anvil: boot: not started by a multiboot2 boot loader (bad magic in EAX); halting.", 13, 10, 0
msg_no_lm:   db "anvil: boot: this CPU has no long mode (CPUID 0x80000001 EDX.LM is 0); anvil needs an x86-64 CPU; halting.", 13, 10, 0

; ---------------------------------------------------------------------------
section .boot.bss nobits alloc noexec write
alignb 4096
global boot_pml4
boot_pml4:      resb 4096
boot_pdpt_low:  resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4096 * ANVIL_BOOT_MAP_GIB
boot32_stack:   resb 1024
boot32_stack_top:
