using static Training.Api.Mapping.CatalogueMapping;

namespace Training.Api.Services;

/// <summary>
/// training.v1.CourseService: validates requests, maps them to the course grain (keyed by the
/// course's resource name) and maps its views back. No domain rules here.
/// </summary>
public sealed class CourseApi(IGrainFactory grains) : CourseService.CourseServiceBase
{
    private const string Collection = "courses";

    public override async Task<Course> CreateCourse(CreateCourseRequest request, ServerCallContext context)
    {
        var validator = new Validator().ResourceId("course_id", request.CourseId).RequestId("request_id", request.RequestId);
        var spec = ToCourseSpec(Required(validator, "course", request.Course), validator, "course");
        validator.ThrowIfInvalid();
        var view = await CourseGrain(ResourceNames.Course(request.CourseId)).Create(spec, Callers.Command(context, request.RequestId));
        return ToProto(view);
    }

    public override async Task<Course> GetCourse(GetCourseRequest request, ServerCallContext context)
    {
        CourseName(new Validator(), "name", request.Name).ThrowIfInvalid();
        return ToProto(await CourseGrain(request.Name).Get());
    }

    public override async Task<ListCoursesResponse> ListCourses(ListCoursesRequest request, ServerCallContext context)
    {
        var validator = new Validator();
        var page = Paging.Request(validator, Collection, request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var result = await grains.GetGrain<IDirectoryGrain>(0).ListCourses(page);
        return new ListCoursesResponse
        {
            Courses = { result.Items.Select(ToProto) },
            NextPageToken = Paging.NextToken(Collection, result),
        };
    }

    public override async Task<Course> UpdateCourse(UpdateCourseRequest request, ServerCallContext context)
    {
        var validator = new Validator().RequestId("request_id", request.RequestId);
        var paths = FieldMasks.Paths(validator, request.UpdateMask, "display_name", "description", "target_posts", "delivery_mode", "stages");
        var course = Required(validator, "course", request.Course);
        CourseName(validator, "course.name", course.Name);
        var expectedVersion = Etags.ToExpectedVersion(validator, "course.etag", course.Etag);
        var patch = ToCoursePatch(course, paths, validator, "course");
        validator.ThrowIfInvalid();
        var view = await CourseGrain(course.Name).Update(patch, expectedVersion, Callers.Command(context, request.RequestId));
        return ToProto(view);
    }

    public override async Task<Course> ArchiveCourse(ArchiveCourseRequest request, ServerCallContext context)
    {
        CourseName(new Validator(), "name", request.Name).RequestId("request_id", request.RequestId).ThrowIfInvalid();
        return ToProto(await CourseGrain(request.Name).Archive(Callers.Command(context, request.RequestId)));
    }

    private ICourseGrain CourseGrain(string name) => grains.GetGrain<ICourseGrain>(name);
}
