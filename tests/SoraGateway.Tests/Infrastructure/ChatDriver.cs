using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Conversations;
using SoraGateway.Localization;
using SoraGateway.Users;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>A person chatting with the engine directly (no channel), one DI scope per input like a real update.</summary>
public sealed class ChatDriver(IServiceProvider services, string chatId = "1001", string language = "vi", string channel = ChannelNames.Telegram)
{
    public string ChatId { get; } = chatId;

    public ChatResponse? Last { get; private set; }

    public Task<ChatResponse> SendAsync(string text) =>
        ProcessAsync(new ChatInput(channel, ChatId, Sender, ChatInput.KindOfText(text), Text: text));

    public Task<ChatResponse> SendPhotoAsync(byte[] photo, string? caption) =>
        ProcessAsync(new ChatInput(channel, ChatId, Sender, ChatInputKind.Photo, Text: caption, Photo: photo));

    public Task<ChatResponse> PressAsync(string data) =>
        ProcessAsync(new ChatInput(channel, ChatId, Sender, ChatInputKind.Button, ButtonData: data));

    /// <summary>Presses the button of the last response whose label contains <paramref name="label"/>.</summary>
    public Task<ChatResponse> PressLabelAsync(string label) => PressAsync(Button(Last!, label).Data!);

    public static ChatButton Button(ChatResponse response, string label) =>
        response.Replies.SelectMany(r => r.Buttons).SelectMany(row => row).FirstOrDefault(b => b.Label.Contains(label, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No button '{label}' in: {Describe(response)}");

    public static string Text(ChatResponse response) =>
        string.Join("\n---\n", response.Replies.Select(r => r switch
        {
            TextReply t => Html.ToPlainText(t.Html),
            PhotoReply p => Html.ToPlainText(p.CaptionHtml),
            VideoReply v => Html.ToPlainText(v.CaptionHtml),
            _ => "",
        }));

    public static string Describe(ChatResponse response) =>
        Text(response) + " | buttons: " + string.Join(", ", response.Replies.SelectMany(r => r.Buttons).SelectMany(x => x).Select(b => $"[{b.Label}→{b.Data}]"));

    private ChatSender Sender => new($"u{ChatId}", "Lan", language);

    private async Task<ChatResponse> ProcessAsync(ChatInput input)
    {
        await using var scope = services.CreateAsyncScope();
        Last = await scope.ServiceProvider.GetRequiredService<IChatInputProcessor>().ProcessAsync(input, CancellationToken.None);
        return Last;
    }
}
