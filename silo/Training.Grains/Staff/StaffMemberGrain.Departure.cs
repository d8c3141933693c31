using Orleans.Runtime;
using Training.Grains.Directory;
using Training.Grains.EventSourcing;

namespace Training.Grains.Staff;

/// <summary>
/// A staff member's departure reaches the mentor records that stand for them (staff mentors): the departure event names
/// them, and each is told (<see cref="IMentorGrain.StaffMemberDeparted"/>, idempotent) until it confirms; the ones not
/// confirmed yet stay in <see cref="StaffMemberState.MentorsToTell"/>, resumed on activation and by the
/// "tell-mentors" reminder, so a crash between the two writes is recovered.
/// </summary>
public sealed partial class StaffMemberGrain
{
    private const string TellMentorsReminder = "tell-mentors";

    private const int MentorPage = 500;

    private bool tellMentorsReminderRegistered;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (State.MentorsToTell.Count > 0)
        {
            this.RegisterGrainTimer(_ => TellMentorsOfDeparture(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await TellMentorsOfDeparture();
        if (State.MentorsToTell.Count == 0)
        {
            await this.UnregisterIfRegistered(TellMentorsReminder);
            tellMentorsReminderRegistered = false;
        }
    }

    /// <summary>Tells each mentor named at departure that its staff record departed, then records which confirmed.</summary>
    private async Task TellMentorsOfDeparture()
    {
        if (State.MentorsToTell.Count == 0)
        {
            return;
        }

        var mentors = State.MentorsToTell.Order(StringComparer.Ordinal).ToList();
        var told = await Task.WhenAll(mentors.Select(async m =>
            await Delivery.TryAsync(logger, StreamId, m, () => GrainFactory.GetGrain<IMentorGrain>(m).StaffMemberDeparted(StreamId)) ? m : null));
        var confirmed = told.OfType<string>().ToList();
        if (confirmed.Count > 0)
        {
            await Commit(Stamp(new StaffMentorsToldOfDeparture(confirmed), new CommandContext(string.Empty, "system", string.Empty, TellMentorsReminder)));
        }
    }

    /// <summary>
    /// The staff mentors standing for this record: those the directory links to it (<see cref="DirectoryKinds.StaffMentor"/>),
    /// and — for mentors registered before that link was kept — the staff mentors listed under the member's centre naming them.
    /// </summary>
    private async Task<IReadOnlyList<string>> MentorsStandingForThisRecord()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (kind, parent) in new[] { (DirectoryKinds.StaffMentor, StreamId), (DirectoryKinds.Mentor, State.Spec.CenterName) })
        {
            string? after = null;
            do
            {
                var page = await Services.Store.QueryDirectoryAsync(new DirectoryQuery(kind, parent, after, MentorPage));
                foreach (var entry in page)
                {
                    if (kind == DirectoryKinds.StaffMentor
                        || Services.Serializer.Deserialize<MentorView>(entry.Payload) is { Spec: { Kind: MentorKind.Staff } spec } && string.Equals(spec.StaffName, StreamId, StringComparison.Ordinal))
                    {
                        names.Add(entry.Key);
                    }
                }

                after = page.Count == MentorPage ? page[^1].Key : null;
            }
            while (after is not null);
        }

        return [.. names];
    }

    private async Task EnsureTellMentorsReminder()
    {
        if (!tellMentorsReminderRegistered)
        {
            var period = reminderOptions.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(TellMentorsReminder, period, period);
            tellMentorsReminderRegistered = true;
        }
    }
}
