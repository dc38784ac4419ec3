/* The kernel's view of the ACPI tables (parsing: drivers/acpi/tables.h). */
#ifndef ANVIL_DRIVERS_ACPI_ACPI_H
#define ANVIL_DRIVERS_ACPI_ACPI_H

#include "drivers/acpi/tables.h"

/* Read the tables from the RSDP copy in the boot information; log what
 * was found and every table refused. */
void acpi_init(void);
/* The MADT, or NULL if there is no good one. */
const struct acpi_madt *acpi_madt(void);

#endif
