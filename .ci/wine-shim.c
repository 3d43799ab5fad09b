/* bcryptprimitives.dll for Wine 8 (Debian 12), which lacks it: Rust's std on Windows asks it for
   ProcessPrng. Only for running the Windows build under Wine in CI; never shipped. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
