; The vDSO's bytes in the kernel image (read-only data), from
; BUILD/gen/vdso.so (user/vdso/vdso.mk): kernel/vdso.c copies them into
; frames at boot, which exec maps into every process.  NASM finds the
; file through -I BUILD/gen/.

section .rodata
align 4096
global vdso_image_start, vdso_image_end
vdso_image_start:
    incbin "vdso.so"
vdso_image_end:

