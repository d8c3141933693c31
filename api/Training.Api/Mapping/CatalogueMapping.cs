using System.Diagnostics;
using GrainDeliveryMode = Training.Grains.DeliveryMode;
using GrainDimension = Training.Grains.Dimension;
using GrainPost = Training.Grains.Post;
using GrainQuestionKind = Training.Grains.QuestionKind;
using GrainStageKind = Training.Grains.StageKind;
using ProtoDeliveryMode = Training.Contracts.V1.DeliveryMode;
using ProtoDimension = Training.Contracts.V1.Dimension;
using ProtoPost = Training.Contracts.V1.Post;
using ProtoQuestionKind = Training.Contracts.V1.QuestionKind;
using ProtoStageKind = Training.Contracts.V1.StageKind;

namespace Training.Api.Mapping;

/// <summary>
/// Maps the catalogue (frameworks, courses, question banks) between the contract and the grains:
/// views to messages, messages to specs and patches. Converting a request message validates it on
/// the way, recording every violation under the proto field path it came from; a rejected value
/// never reaches a grain because services call <see cref="Validator.ThrowIfInvalid"/> first.
/// This file: limits, shared checks and the enum conversions (explicit both ways).
/// </summary>
internal static partial class CatalogueMapping
{
    private const int MaxDisplayName = 200;
    private const int MaxDescription = 2000;

    /// <summary>The embedded message of a request; when absent, refuses the request with what was recorded so far.</summary>
    public static T Required<T>(Validator validator, string field, T? message)
        where T : class
    {
        if (message is not null)
        {
            return message;
        }

        validator.Fail(field, "is required.");
        validator.ThrowIfInvalid();
        throw new UnreachableException();
    }

    /// <summary>Checks a <c>frameworks/{framework}</c> name.</summary>
    public static Validator FrameworkName(Validator validator, string field, string name) =>
        ResourceName(validator, field, name, ResourceNames.IsFramework(name), "frameworks/{framework}");

    /// <summary>Checks a <c>courses/{course}</c> name.</summary>
    public static Validator CourseName(Validator validator, string field, string name) =>
        ResourceName(validator, field, name, ResourceNames.IsCourse(name), "courses/{course}");

    /// <summary>Checks a <c>questionBanks/{question_bank}</c> name.</summary>
    public static Validator QuestionBankName(Validator validator, string field, string name) =>
        ResourceName(validator, field, name, ResourceNames.IsQuestionBank(name), "questionBanks/{question_bank}");

    /// <summary>Splits a <c>frameworks/{framework}/competencies/{competency}</c> name, recording a violation when malformed.</summary>
    public static (string FrameworkName, string CompetencyId) CompetencyName(Validator validator, string field, string name)
    {
        var valid = ResourceNames.TryParseCompetency(name, out var frameworkName, out var competencyId);
        ResourceName(validator, field, name, valid, "frameworks/{framework}/competencies/{competency}");
        return (frameworkName, competencyId);
    }

    /// <summary>Splits a <c>questionBanks/{question_bank}/items/{item}</c> name, recording a violation when malformed.</summary>
    public static (string BankName, string ItemId) QuestionItemName(Validator validator, string field, string name)
    {
        var valid = ResourceNames.TryParseQuestionItem(name, out var bankName, out var itemId);
        ResourceName(validator, field, name, valid, "questionBanks/{question_bank}/items/{item}");
        return (bankName, itemId);
    }

    private static Validator ResourceName(Validator validator, string field, string name, bool valid, string pattern) =>
        name.Length == 0 ? validator.Fail(field, "is required.") : validator.Check(valid, field, $"must be a resource name of the form {pattern}.");

    private static string DisplayName(Validator validator, string field, string value)
    {
        validator.RequiredText(field, value, MaxDisplayName);
        return value;
    }

    private static string Description(Validator validator, string field, string value)
    {
        validator.OptionalText(field, value, MaxDescription);
        return value;
    }

    private static T? Rejected<T>(Validator validator, string field, bool unspecified)
        where T : struct, System.Enum
    {
        validator.Fail(field, unspecified ? "is required (the _UNSPECIFIED value is not accepted)." : "is not a known value.");
        return null;
    }

    private static ArgumentOutOfRangeException Unmapped<T>(T value)
        where T : struct, System.Enum =>
        new(nameof(value), value, $"The grain answered a {typeof(T).Name} the contract does not know.");

    public static GrainDimension? ToGrain(ProtoDimension value, Validator validator, string field) => value switch
    {
        ProtoDimension.PolicySavvy => GrainDimension.PolicySavvy,
        ProtoDimension.BusinessProficient => GrainDimension.BusinessProficient,
        ProtoDimension.ServiceExcellent => GrainDimension.ServiceExcellent,
        ProtoDimension.Unspecified => Rejected<GrainDimension>(validator, field, unspecified: true),
        _ => Rejected<GrainDimension>(validator, field, unspecified: false),
    };

    public static ProtoDimension ToProto(GrainDimension value) => value switch
    {
        GrainDimension.PolicySavvy => ProtoDimension.PolicySavvy,
        GrainDimension.BusinessProficient => ProtoDimension.BusinessProficient,
        GrainDimension.ServiceExcellent => ProtoDimension.ServiceExcellent,
        _ => throw Unmapped(value),
    };

    public static GrainPost? ToGrain(ProtoPost value, Validator validator, string field) => value switch
    {
        ProtoPost.SocialSecurity => GrainPost.SocialSecurity,
        ProtoPost.VeteransServices => GrainPost.VeteransServices,
        ProtoPost.VillageConstruction => GrainPost.VillageConstruction,
        ProtoPost.Hotline12345 => GrainPost.Hotline12345,
        ProtoPost.GeneralServices => GrainPost.GeneralServices,
        ProtoPost.CenterManagement => GrainPost.CenterManagement,
        ProtoPost.Unspecified => Rejected<GrainPost>(validator, field, unspecified: true),
        _ => Rejected<GrainPost>(validator, field, unspecified: false),
    };

    public static ProtoPost ToProto(GrainPost value) => value switch
    {
        GrainPost.SocialSecurity => ProtoPost.SocialSecurity,
        GrainPost.VeteransServices => ProtoPost.VeteransServices,
        GrainPost.VillageConstruction => ProtoPost.VillageConstruction,
        GrainPost.Hotline12345 => ProtoPost.Hotline12345,
        GrainPost.GeneralServices => ProtoPost.GeneralServices,
        GrainPost.CenterManagement => ProtoPost.CenterManagement,
        _ => throw Unmapped(value),
    };

    public static GrainDeliveryMode? ToGrain(ProtoDeliveryMode value, Validator validator, string field) => value switch
    {
        ProtoDeliveryMode.Offline => GrainDeliveryMode.Offline,
        ProtoDeliveryMode.Online => GrainDeliveryMode.Online,
        ProtoDeliveryMode.Blended => GrainDeliveryMode.Blended,
        ProtoDeliveryMode.Unspecified => Rejected<GrainDeliveryMode>(validator, field, unspecified: true),
        _ => Rejected<GrainDeliveryMode>(validator, field, unspecified: false),
    };

    public static ProtoDeliveryMode ToProto(GrainDeliveryMode value) => value switch
    {
        GrainDeliveryMode.Offline => ProtoDeliveryMode.Offline,
        GrainDeliveryMode.Online => ProtoDeliveryMode.Online,
        GrainDeliveryMode.Blended => ProtoDeliveryMode.Blended,
        _ => throw Unmapped(value),
    };

    public static GrainStageKind? ToGrain(ProtoStageKind value, Validator validator, string field) => value switch
    {
        ProtoStageKind.Theory => GrainStageKind.Theory,
        ProtoStageKind.PracticalDrill => GrainStageKind.PracticalDrill,
        ProtoStageKind.OnTheJob => GrainStageKind.OnTheJob,
        ProtoStageKind.Unspecified => Rejected<GrainStageKind>(validator, field, unspecified: true),
        _ => Rejected<GrainStageKind>(validator, field, unspecified: false),
    };

    public static ProtoStageKind ToProto(GrainStageKind value) => value switch
    {
        GrainStageKind.Theory => ProtoStageKind.Theory,
        GrainStageKind.PracticalDrill => ProtoStageKind.PracticalDrill,
        GrainStageKind.OnTheJob => ProtoStageKind.OnTheJob,
        _ => throw Unmapped(value),
    };

    public static GrainQuestionKind? ToGrain(ProtoQuestionKind value, Validator validator, string field) => value switch
    {
        ProtoQuestionKind.SingleChoice => GrainQuestionKind.SingleChoice,
        ProtoQuestionKind.MultipleChoice => GrainQuestionKind.MultipleChoice,
        ProtoQuestionKind.TrueFalse => GrainQuestionKind.TrueFalse,
        ProtoQuestionKind.Unspecified => Rejected<GrainQuestionKind>(validator, field, unspecified: true),
        _ => Rejected<GrainQuestionKind>(validator, field, unspecified: false),
    };

    public static ProtoQuestionKind ToProto(GrainQuestionKind value) => value switch
    {
        GrainQuestionKind.SingleChoice => ProtoQuestionKind.SingleChoice,
        GrainQuestionKind.MultipleChoice => ProtoQuestionKind.MultipleChoice,
        GrainQuestionKind.TrueFalse => ProtoQuestionKind.TrueFalse,
        _ => throw Unmapped(value),
    };
}
