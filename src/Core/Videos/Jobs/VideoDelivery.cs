using SoraGateway.Conversations;
using SoraGateway.Localization;
using SoraGateway.Storage;

namespace SoraGateway.Videos.Jobs;

/// <summary>How a finished video is put into a chat.</summary>
public static class VideoDelivery
{
    /// <summary>The reply that sends <paramref name="job"/>'s video: by cached file id, by upload, or as a link.</summary>
    public static VideoReply ReplyFor(VideoJob job, MediaStore media, string language, string offeringLabel, string? downloadUrl)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(media);
        var orientation = (job.Orientation == "portrait" ? Messages.Portrait : Messages.Landscape).In(language);
        var caption = Messages.VideoCaption.In(language, Html.Escape(Shorten(job.Prompt, 700)), job.DurationSeconds, job.Resolution,
            orientation, Html.Escape(offeringLabel));
        return new VideoReply(job.Id, job.FilePath is null ? "" : media.FullPath(job.FilePath), caption, job.ChannelFileId, downloadUrl)
        {
            DownloadLabel = Messages.DownloadButton.In(language),
        };
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
