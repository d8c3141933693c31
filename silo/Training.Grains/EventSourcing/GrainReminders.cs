using Orleans.Runtime;

namespace Training.Grains.EventSourcing;

/// <summary>Reminder housekeeping shared by the grains that drive a two-grain step until it is confirmed.</summary>
internal static class GrainReminders
{
    /// <summary>Unregisters <paramref name="reminderName"/> of <paramref name="grain"/> when it is registered; nothing otherwise.</summary>
    public static async Task UnregisterIfRegistered(this Grain grain, string reminderName)
    {
        if (await grain.GetReminder(reminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
