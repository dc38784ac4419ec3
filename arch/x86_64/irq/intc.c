#include "arch/x86_64/irq/intc.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/irq/ioapic.h"
#include "arch/x86_64/irq/lapic.h"
#include "arch/x86_64/irq/pic.h"
#include "drivers/acpi/acpi.h"
#include "kernel/cmdline.h"
#include "kernel/irq.h"
#include "kernel/printf.h"

static const struct acpi_madt *madt;
static bool using_apic;

static void pic_enable(unsigned irq)
{
	pic_unmask(irq);
}

static const struct irq_chip pic_chip = {
	.name = "8259 PIC",
	.lines = PIC_IRQS,
	.enable = pic_enable,
	.eoi = pic_eoi,
	.spurious = pic_spurious,
};

/* Where line irq is wired: ISA IRQs through the MADT's overrides; the
 * IOAPIC's other pins are PCI-style, level-triggered and active low. */
static struct acpi_irq_route route_of(unsigned irq)
{
	if (irq < PIC_IRQS)
		return acpi_isa_irq(madt, irq);
	return (struct acpi_irq_route){ .gsi = irq, .active_low = true, .level = true };
}

static void apic_enable(unsigned irq)
{
	struct acpi_irq_route r = route_of(irq);
	if (!ioapic_route(r.gsi, IRQ_VECTOR(irq), r.active_low, r.level, lapic_id(), false))
		kprintf("irq: IRQ %u (GSI %u) is on no IOAPIC\n", irq, r.gsi);
}

static void apic_eoi(unsigned irq)
{
	(void)irq;
	lapic_eoi();
}

static const struct irq_chip apic_chip = {
	.name = "IOAPIC + local APIC",
	.lines = IRQ_LINES,
	.enable = apic_enable,
	.eoi = apic_eoi,
};

bool intc_init(void)
{
	/* Even unused, the 8259s must not raise device IRQs on exception
	 * vectors: remap them, everything masked. */
	pic_init(IRQ_VECTOR_BASE);

	madt = acpi_madt();
	const char *why = NULL;
	if (cmdline_has("noapic"))
		why = "noapic on the command line";
	else if (!cpu_has(CPU_FEATURE_APIC))
		why = "the CPU has no local APIC";
	else if (!madt)
		why = "no ACPI MADT";
	else if (!ioapic_init(madt))
		why = "the MADT lists no IOAPIC";
	if (why) {
		kprintf("irq: using the 8259 PIC (%s)\n", why);
		irq_set_chip(&pic_chip);
		return false;
	}
	lapic_init(madt);
	kprintf("irq: using the IOAPIC and local APIC\n");
	irq_set_chip(&apic_chip);
	using_apic = true;
	return true;
}

bool intc_using_apic(void)
{
	return using_apic;
}
