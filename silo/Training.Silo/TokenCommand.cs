using System.CommandLine;
using Training.Api.Hosting;
using Training.Api.Security;

namespace Training.Silo;

/// <summary>
/// <c>Training.Silo token --role … [scopes] [--sub name] [--hours 8]</c>: prints a signed access token (the JWT alone)
/// for local use, made with the same configuration the host reads (appsettings, environment, <c>--Auth:…</c> and
/// <c>--Training:DataDirectory=…</c> arguments), so the host accepts it. Orleans is not started.
/// </summary>
public static class TokenCommand
{
    /// <summary>The command that prints a province-wide operator token, as the host's start-up log shows it.</summary>
    public const string Example = "dotnet run --project silo/Training.Silo -- token --role region-admin --region '*'";

    /// <summary>Runs the command on <paramref name="args"/> (without the leading "token"); 0 on success.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var roles = new Option<string[]>("--role")
        {
            Description = $"Role of the token (repeat for several): {string.Join(", ", Roles.All)}.",
            Required = true,
        };
        roles.AcceptOnlyFromAmong([.. Roles.All]);
        var regions = new Option<string[]>("--region") { Description = "Region scope: a region name (regions/{r}) or '*' for every region." };
        var counties = new Option<string[]>("--county") { Description = "County scope: regions/{r}/counties/{c}." };
        var centers = new Option<string[]>("--center") { Description = "Centre scope: regions/{r}/counties/{c}/centers/{x}." };
        var staff = new Option<string?>("--staff") { Description = "The caller's own staff record (staff/{id}), for trainee and mentor." };
        var mentor = new Option<string?>("--mentor") { Description = "The caller's mentor record (mentors/{id}), for mentor: the name under which they examine and coach." };
        var kiosk = new Option<string?>("--kiosk") { Description = "The kiosk's resource name, for kiosk tokens (RegisterKiosk answers a device token; this is for tests)." };
        var kioskGeneration = new Option<int?>("--kiosk-gen") { Description = "The kiosk's current credential generation (a kiosk token of any other generation is refused)." };
        var clientId = new Option<string?>("--client-id") { Description = "The client id of an integration." };
        var subject = new Option<string?>("--sub") { Description = "The subject (who); default: the role and 'local'." };
        var hours = new Option<double>("--hours") { Description = "Lifetime in hours.", DefaultValueFactory = _ => 8 };
        var command = new RootCommand("Prints an access token (JWT) the host accepts, for local use. Arguments such as --Training:DataDirectory=… or --Auth:SigningKey=… are read as the host reads them.")
        {
            roles, regions, counties, centers, staff, mentor, kiosk, kioskGeneration, clientId, subject, hours,
        };
        command.TreatUnmatchedTokensAsErrors = false;

        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine(error.Message);
            }

            return 2;
        }

        var lifetime = parse.GetValue(hours);
        if (lifetime is not (> 0 and <= 24 * 366))
        {
            stderr.WriteLine("--hours must be more than 0 and at most a year.");
            return 2;
        }

        // Everything not ours is configuration, as the host would take it.
        var configuration = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. parse.UnmatchedTokens] }).Configuration;
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (auth.UsesAuthority)
        {
            stderr.WriteLine($"Auth:Authority is set ({auth.Authority}): tokens come from that identity provider, not from this command.");
            return 1;
        }

        var hosting = configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
        var (key, _) = SigningKeyStore.Resolve(auth, hosting.DataDirectory);
        var roleList = parse.GetValue(roles) ?? [];
        var spec = new TokenSpec(parse.GetValue(subject) is { Length: > 0 } sub ? sub : $"{roleList[0]}-local", roleList)
        {
            Regions = parse.GetValue(regions) ?? [],
            Counties = parse.GetValue(counties) ?? [],
            Centers = parse.GetValue(centers) ?? [],
            Staff = parse.GetValue(staff),
            Mentor = parse.GetValue(mentor),
            Kiosk = parse.GetValue(kiosk),
            KioskGeneration = parse.GetValue(kioskGeneration),
            ClientId = parse.GetValue(clientId),
            Lifetime = TimeSpan.FromHours(lifetime),
        };
        stdout.WriteLine(new TokenIssuer(auth.Issuer, auth.Audience, key).Issue(spec));
        return 0;
    }
}
