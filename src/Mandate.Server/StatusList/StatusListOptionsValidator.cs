using Microsoft.Extensions.Options;

namespace Mandate.Server.StatusList;

internal sealed class StatusListOptionsValidator : IValidateOptions<StatusListOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusListOptions options)
    {
        var failures = new List<string>();
        if (options.ListSize is < 1024 or > 1 << 24 || options.ListSize % 8 != 0)
        {
            failures.Add("MND0900: StatusList ListSize must be a multiple of 8 between 1024 and 16777216.");
        }

        if (options.ListCount is < 1 or > 1024)
        {
            failures.Add("MND0901: StatusList ListCount must be between 1 and 1024.");
        }

        if (options.AllocationAttempts is < 1 or > 64)
        {
            failures.Add("MND0902: StatusList AllocationAttempts must be between 1 and 64.");
        }

        if (options.TimeToLive < TimeSpan.FromSeconds(1) || options.TimeToLive > TimeSpan.FromHours(1) || options.TimeToLive.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add("MND0903: StatusList TimeToLive must be whole seconds between 1 second and 1 hour.");
        }

        if (options.TokenLifetime < options.TimeToLive || options.TokenLifetime > TimeSpan.FromHours(24))
        {
            failures.Add("MND0904: StatusList TokenLifetime must be between TimeToLive and 24 hours.");
        }

        if (options.BlockLeaseDuration < TimeSpan.FromSeconds(1) || options.BlockLeaseDuration > TimeSpan.FromHours(1))
        {
            failures.Add("MND1950: StatusList BlockLeaseDuration must be between 1 second and 1 hour.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
