/*
 * exit7 - exits with status 7, so tests can check that a program's exit
 * status travels through the kernel and QEMU back to the shell.
 */
int main(void)
{
	return 7;
}
