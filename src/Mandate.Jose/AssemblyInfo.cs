using System.Runtime.CompilerServices;

// Tests reach SigningKey.Sign to reproduce RFC 7515 Appendix A signatures over the RFC's own headers.
[assembly: InternalsVisibleTo("Mandate.Jose.Tests")]

// Every stackalloc'd buffer in this assembly is written before it is read; skip the zeroing on hot paths.
[module: SkipLocalsInit]
