#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 code use records and init accessors.</summary>
internal static class IsExternalInit
{
}
#endif
