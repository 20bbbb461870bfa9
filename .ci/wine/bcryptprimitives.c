/* Stand-in for bcryptprimitives.dll under Wine 8, which lacks it; Rust's standard library
 * asks it for ProcessPrng (random bytes, e.g. HashMap keys). Real Windows 10/11 have the DLL;
 * this is built and used only by .ci/run for the tests under Wine. */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
