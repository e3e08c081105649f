from django.http import FileResponse


def stream_jpeg(file, *, filename: str) -> FileResponse:
    """A stored photo, streamed after the caller scoped it: private caching, a server-chosen file name."""
    response = FileResponse(file.open("rb"), content_type="image/jpeg", filename=filename)
    response["Cache-Control"] = "private, max-age=3600"
    return response
