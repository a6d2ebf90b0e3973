namespace Mandate.Admin.Console;

/// <summary>What a signed-in operator may do: <see cref="Viewer"/> reads, <see cref="Admin"/> also changes.</summary>
internal enum ConsoleRole
{
    Viewer,
    Admin,
}
