namespace Mandate.Admin.Console;

/// <summary>A state change the console offers on an agent: its route segment, button label, audit verb and what it does.</summary>
internal sealed record ConsoleAgentAction(string Name, string Label, string AuditAction, string Consequence)
{
    public static readonly ConsoleAgentAction Suspend = new("suspend", "Suspend", "suspended",
        "Suspending refuses the agent new tokens and revokes every token it holds now. You can resume it later.");

    public static readonly ConsoleAgentAction Resume = new("resume", "Resume", "resumed", "Resuming lets the agent get tokens again.");

    public static readonly ConsoleAgentAction Decommission = new("decommission", "Decommission", "decommissioned",
        "Decommissioning is final: the agent can never get a token again and every token it holds is revoked.");

    public static readonly ConsoleAgentAction RotateSecret = new("rotate-secret", "Rotate secret", "got a new secret",
        "Rotating issues a new client secret (shown once) and revokes every token the agent holds; the old secret stops working.");

    public static ConsoleAgentAction? Find(string name) => name switch
    {
        "suspend" => Suspend,
        "resume" => Resume,
        "decommission" => Decommission,
        "rotate-secret" => RotateSecret,
        _ => null,
    };
}
