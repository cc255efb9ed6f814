using SoraGateway.Conversations;
using SoraGateway.Localization;
using SoraGateway.Storage;
using SoraGateway.Users;

namespace SoraGateway.Channels.Emulator;

/// <summary>
/// The terminal as a chat channel: replies are printed as plain text, buttons as numbered choices
/// (type the number to press one), pictures and videos are saved to files whose paths are printed.
/// </summary>
public sealed class EmulatorConsole(TextReader input, TextWriter output, MediaStore media) : IChatSender
{
    public const string ChatId = "local";
    public const string UserId = "local-user";
    private readonly Lock _gate = new();
    private List<ChatButton> _choices = [];

    public string Channel => ChannelNames.Emulator;
    public TextReader Input { get; } = input;

    /// <summary>The button behind a typed number, from the last replies printed.</summary>
    public ChatButton? Choice(int number)
    {
        lock (_gate)
            return number >= 1 && number <= _choices.Count ? _choices[number - 1] : null;
    }

    public void Say(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>Starts a new response: its buttons replace the numbered choices of the previous one.</summary>
    public void BeginResponse()
    {
        lock (_gate)
            _choices = [];
    }

    public async Task<DeliveredMessage> SendAsync(string chatId, Reply reply, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        string? saved = null;
        if (reply is PhotoReply photo)
        {
            saved = media.FullPath(Path.Combine("emulator", Path.GetFileName(photo.FileName)));
            Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
            await File.WriteAllBytesAsync(saved, photo.Image, ct);
        }

        lock (_gate)
        {
            var text = reply switch
            {
                TextReply t => t.Html,
                PhotoReply p => p.CaptionHtml,
                VideoReply v => v.CaptionHtml,
                _ => "",
            };
            output.WriteLine();
            output.WriteLine("🤖 " + Html.ToPlainText(text).Replace("\n", "\n   ", StringComparison.Ordinal));
            if (saved is not null)
                output.WriteLine("   " + Messages.EmulatorImageSaved.In(Languages.Vietnamese, saved));
            if (reply is VideoReply video)
                output.WriteLine("   " + Messages.EmulatorVideoSaved.In(Languages.Vietnamese, video.DownloadUrl ?? video.FilePath));
            foreach (var row in reply.Buttons)
            {
                var cells = new List<string>();
                foreach (var button in row)
                {
                    if (button.Data is not null)
                    {
                        _choices.Add(button);
                        cells.Add($"[{_choices.Count}] {button.Label}");
                    }
                    else
                    {
                        cells.Add($"{button.Label}: {button.Url}");
                    }
                }

                output.WriteLine("   " + string.Join("   ", cells));
            }

            output.Flush();
        }

        return new DeliveredMessage(Guid.NewGuid().ToString("N")[..8]);
    }

    public Task EditTextAsync(string chatId, string messageId, string html, CancellationToken ct)
    {
        Say("🤖 " + Html.ToPlainText(html));
        return Task.CompletedTask;
    }
}
