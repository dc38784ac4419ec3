#include "arch/x86_64/irq/lapic.h"
#include "arch/x86_64/insn/mmio.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/addr.h"
#include "kernel/irq.h"
#include "kernel/printf.h"

/* Register offsets (SDM Vol. 3A §11.4.1, Table 11-1).  Each is a 32-bit
 * register on a 16-byte boundary. */
#define LAPIC_ID	0x020
#define LAPIC_VERSION	0x030
#define LAPIC_TPR	0x080	/* task priority: block vectors at or below its class */
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0	/* spurious-interrupt vector register */
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_LINT1	0x360
#define LAPIC_LVT_ERROR	0x370
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIV	0x3e0

#define LAPIC_SVR_ENABLE_BIT	8	/* APIC software enable */
#define LAPIC_SVR_ENABLE	(1u << LAPIC_SVR_ENABLE_BIT)

/* Local vector table entries (SDM Vol. 3A §11.5.1, Figure 11-8). */
#define LVT_DELIVERY_NMI	(4u << 8)
#define LVT_ACTIVE_LOW_BIT	13
#define LVT_ACTIVE_LOW		(1u << LVT_ACTIVE_LOW_BIT)
#define LVT_LEVEL_BIT		15
#define LVT_LEVEL		(1u << LVT_LEVEL_BIT)
#define LVT_MASKED_BIT		16
#define LVT_MASKED		(1u << LVT_MASKED_BIT)
#define LVT_TIMER_PERIODIC_BIT	17
#define LVT_TIMER_PERIODIC	(1u << LVT_TIMER_PERIODIC_BIT)

/* Divide configuration register encoding of divide-by-16 (Figure 11-10). */
#define LAPIC_DIV_16		0x3

static volatile uint8_t *regs;

static uint32_t lapic_read(uint32_t reg)
{
	return mmio_read32(regs + reg);
}

static void lapic_write(uint32_t reg, uint32_t value)
{
	mmio_write32(regs + reg, value);
}

/* SDM Vol. 3A §11.9: a spurious interrupt is one the APIC withdrew after
 * committing to deliver it.  It sets no in-service bit, so an EOI would
 * retire some other, real interrupt: count it and return. */
static void spurious_handler(struct trap_frame *frame)
{
	(void)frame;
	irq_note_spurious();
}

/* A LINT pin the MADT says carries NMI (§5.2.12.7). */
static void lint_nmi(const struct acpi_lapic_nmi *nmi)
{
	uint32_t lvt = LVT_DELIVERY_NMI;
	if ((nmi->flags & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_POLARITY_LOW)
		lvt |= LVT_ACTIVE_LOW;
	/* NMI delivery is always edge-triggered (§11.5.1): leave LEVEL clear. */
	lapic_write(nmi->lint ? LAPIC_LVT_LINT1 : LAPIC_LVT_LINT0, lvt);
}

void lapic_init(const struct acpi_madt *madt)
{
	/* §11.4.4: IA32_APIC_BASE holds the registers' physical address and
	 * the global enable bit (firmware normally leaves it set). */
	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN);
	uint64_t phys = base & APIC_BASE_ADDR_MASK;
	if (madt && madt->lapic_addr != phys)
		kprintf("lapic: MADT says %lx, IA32_APIC_BASE %lx; using the MSR\n",
			(unsigned long)madt->lapic_addr, (unsigned long)phys);
	/* Below 4 GiB, which the direct map always covers (kernel/mm/vm.c). */
	regs = phys_to_virt(phys);

	trap_register(LAPIC_SPURIOUS_VECTOR, spurious_handler);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	/* The BIOS sets LINT0 to ExtINT ("virtual wire"): the 8259s' output.
	 * They are masked; mask the pin too so not even their spurious
	 * IRQ 7 gets through.  LINT1 is NMI on PCs unless the MADT says
	 * otherwise. */
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	/* uid 0xff means every CPU; 0 is the boot CPU's on PCs. */
	for (uint32_t i = 0; madt && i < madt->nmi_count; i++)
		if (madt->nmis[i].uid == 0xff || madt->nmis[i].uid == 0)
			lint_nmi(&madt->nmis[i]);
	/* §11.4.7.1: the software enable bit and the spurious vector. */
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);

	kprintf("lapic: id %u, version 0x%x, registers at %lx\n", lapic_id(),
		lapic_read(LAPIC_VERSION) & 0xff, (unsigned long)phys);
}

uint8_t lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	/* §11.8.5: any write to the EOI register; 0 is the value to use. */
	lapic_write(LAPIC_EOI, 0);
}

void lapic_timer_oneshot_masked(uint32_t count)
{
	lapic_write(LAPIC_TIMER_DIV, LAPIC_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INITIAL, count);	/* writing it starts the count */
}

uint32_t lapic_timer_current(void)
{
	return lapic_read(LAPIC_TIMER_CURRENT);
}

void lapic_timer_periodic(uint32_t count)
{
	lapic_write(LAPIC_TIMER_DIV, LAPIC_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_TIMER_PERIODIC | LAPIC_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INITIAL, count);
}
