using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.Testing.FakeTelegram;

// The Bot API methods the fake implements, and how it reads their parameters.
public sealed partial class FakeBotApiServer
{
    // ------------------------------------------------------------------------------------------
    // Updates
    // ------------------------------------------------------------------------------------------

    private async Task<ApiResult> GetUpdatesAsync(BotApiArguments arguments, CancellationToken cancellationToken)
    {
        var offset = arguments.GetLong("offset") ?? 0;
        var limit = Math.Clamp(arguments.GetInt("limit") ?? 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Max(0, arguments.GetInt("timeout") ?? 0));
        var deadline = Stopwatch.StartNew();

        TaskCompletionSource superseded = NewSignal();
        lock (_gate)
        {
            if (_webhookUrl is not null)
                return ApiResult.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            // Telegram allows one getUpdates at a time per bot: a newer request ends the older one with 409.
            _currentPoll?.TrySetResult();
            _currentPoll = superseded;
        }

        try
        {
            while (true)
            {
                Task arrived;
                lock (_gate)
                {
                    if (superseded.Task.IsCompleted)
                        return ApiResult.Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                    ConfirmBelow(offset);
                    var batch = _updates.Take(limit).Select(u => u.Json.DeepClone()).ToArray();
                    if (batch.Length > 0 || deadline.Elapsed >= timeout || _stopping.IsCancellationRequested)
                        return ApiResult.Ok(new JsonArray(batch));
                    arrived = _updateArrived.Task;
                    _parkedPolls++;
                    _pollParked.TrySetResult();
                }

                try
                {
                    var remaining = timeout - deadline.Elapsed;
                    await Task.WhenAny(arrived, superseded.Task).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Loop once more: answers with whatever arrived meanwhile, or nothing.
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    // Server stopping: the next round answers with no updates.
                }
                finally
                {
                    lock (_gate)
                    {
                        if (--_parkedPolls == 0 && _pollParked.Task.IsCompleted)
                            _pollParked = NewSignal();
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_currentPoll == superseded)
                    _currentPoll = null;
            }
        }
    }

    /// <summary>Positive offset confirms updates below it; a negative one keeps only the last -offset updates.</summary>
    private void ConfirmBelow(long offset)
    {
        if (offset > 0)
            _updates.RemoveAll(u => u.Id < offset);
        else if (offset < 0 && _updates.Count > -offset)
            _updates.RemoveRange(0, _updates.Count - (int)Math.Min(-offset, int.MaxValue));
    }

    private Update QueueUpdate(string kind, JsonObject payload)
    {
        var id = ++_lastUpdateId;
        var json = new JsonObject { ["update_id"] = id, [kind] = payload };
        _updates.Add(new PendingUpdate(id, json));
        // A parked poll is no longer idle: WaitForLongPollAsync must wait for the next one to park.
        if (_pollParked.Task.IsCompleted)
            _pollParked = NewSignal();
        var arrived = _updateArrived;
        _updateArrived = NewSignal();
        arrived.TrySetResult();
        return json.Deserialize<Update>(JsonBotAPI.Options)!;
    }

    private ApiResult SetWebhook(BotApiArguments arguments)
    {
        var url = arguments.GetString("url");
        lock (_gate)
        {
            _webhookUrl = string.IsNullOrEmpty(url) ? null : url;
            _webhookSecretToken = _webhookUrl is null ? null : arguments.GetString("secret_token");
            if (arguments.GetBool("drop_pending_updates"))
                _updates.Clear();
        }
        return ApiResult.Ok(true);
    }

    private ApiResult DeleteWebhook(BotApiArguments arguments)
    {
        lock (_gate)
        {
            _webhookUrl = null;
            _webhookSecretToken = null;
            if (arguments.GetBool("drop_pending_updates"))
                _updates.Clear();
        }
        return ApiResult.Ok(true);
    }

    private ApiResult GetWebhookInfo(BotApiArguments arguments)
    {
        lock (_gate)
        {
            return ApiResult.Ok(new JsonObject
            {
                ["url"] = _webhookUrl ?? "",
                ["has_custom_certificate"] = false,
                ["pending_update_count"] = _updates.Count,
            });
        }
    }

    // ------------------------------------------------------------------------------------------
    // Sending and editing
    // ------------------------------------------------------------------------------------------

    private ApiResult SendMessage(BotApiArguments arguments)
    {
        if (ReadChat(arguments, out var chatId) is { } badChat)
            return badChat;
        var raw = arguments.GetString("text");
        if (Render(raw, arguments.GetString("parse_mode"), out var parseMode, out var rendered) is { } badText)
            return badText;
        if (string.IsNullOrWhiteSpace(rendered))
            return BadRequest("message text is empty");
        if (rendered.Length > MaxTextLength)
            return BadRequest("message is too long");
        if (ReadKeyboard(arguments, out var markup, out var keyboard) is { } badMarkup)
            return badMarkup;

        lock (_gate)
        {
            var message = StoreBotMessage(chatId, MessageKind.Text, raw, parseMode, rendered, markup, keyboard);
            Record(new SentMessage
            {
                Sequence = 0,
                Method = "sendMessage",
                ChatId = chatId,
                MessageId = message.Id,
                Text = raw,
                ParseMode = parseMode,
                Keyboard = keyboard,
                Arguments = arguments.Values,
            });
            return ApiResult.Ok(MessageJson(message));
        }
    }

    private ApiResult SendMedia(BotApiArguments arguments, string method, MessageKind kind)
    {
        var field = kind switch
        {
            MessageKind.Photo => "photo",
            MessageKind.Video => "video",
            _ => "document",
        };
        if (ReadChat(arguments, out var chatId) is { } badChat)
            return badChat;
        var input = arguments.GetInputFile(field);
        if (input is null)
            return BadRequest($"there is no {field} in the request");
        var raw = arguments.GetString("caption");
        if (Render(raw, arguments.GetString("parse_mode"), out var parseMode, out var rendered) is { } badCaption)
            return badCaption;
        if (rendered?.Length > MaxCaptionLength)
            return BadRequest("message caption is too long");
        if (ReadKeyboard(arguments, out var markup, out var keyboard) is { } badMarkup)
            return badMarkup;
        if (input.Upload is { } upload)
        {
            if (upload.Content.Length == 0)
                return BadRequest("file must be non-empty");
            if (upload.Content.Length > (kind == MessageKind.Photo ? MaxPhotoUploadBytes : MaxFileUploadBytes))
                return ApiResult.Error(413, "Request Entity Too Large");
        }

        lock (_gate)
        {
            var file = input.Upload is { } part
                ? kind switch
                {
                    MessageKind.Photo => NewPhotoFile(part.Content),
                    MessageKind.Video => NewVideoFile(part.Content, part.FileName, arguments),
                    _ => NewDocumentFile(part.Content, part.FileName),
                }
                : ResolveReference(kind, input.Reference!, arguments);
            var message = StoreBotMessage(chatId, kind, raw, parseMode, rendered, markup, keyboard);
            message.Media = kind == MessageKind.Photo ? new JsonArray(file.Description.DeepClone()) : file.Description.DeepClone();
            Record(new SentMessage
            {
                Sequence = 0,
                Method = method,
                ChatId = chatId,
                MessageId = message.Id,
                Text = raw,
                ParseMode = parseMode,
                Keyboard = keyboard,
                Upload = input.Upload?.Content,
                UploadFileName = input.Upload?.FileName,
                FileId = input.Reference,
                ResultFileId = file.FileId,
                Arguments = arguments.Values,
            });
            return ApiResult.Ok(MessageJson(message));
        }
    }

    private ApiResult SendChatAction(BotApiArguments arguments)
    {
        if (ReadChat(arguments, out var chatId) is { } badChat)
            return badChat;
        var action = arguments.GetString("action");
        if (action is null || !ChatActions.Contains(action))
            return BadRequest("wrong parameter action in request");
        lock (_gate)
        {
            Record(new SentMessage
            {
                Sequence = 0,
                Method = "sendChatAction",
                ChatId = chatId,
                MessageId = 0,
                ChatAction = action,
                Arguments = arguments.Values,
            });
        }
        return ApiResult.Ok(true);
    }

    private ApiResult EditMessage(BotApiArguments arguments, string method)
    {
        if (arguments.GetString("inline_message_id") is not null)
            return BadRequest("the fake Bot API server does not support inline messages");
        if (ReadChat(arguments, out var chatId) is { } badChat)
            return badChat;
        if (arguments.GetInt("message_id") is not { } messageId)
            return BadRequest("message identifier is not specified");
        var raw = method switch
        {
            "editMessageText" => arguments.GetString("text"),
            "editMessageCaption" => arguments.GetString("caption"),
            _ => null,
        };
        if (Render(raw, arguments.GetString("parse_mode"), out var parseMode, out var rendered) is { } badText)
            return badText;
        if (ReadKeyboard(arguments, out var markup, out var keyboard) is { } badMarkup)
            return badMarkup;

        lock (_gate)
        {
            if (!_messages.TryGetValue((chatId, messageId), out var message))
                return BadRequest("message to edit not found");
            if (!message.FromBot)
                return BadRequest("message can't be edited");

            var sameMarkup = message.Keyboard.Count == keyboard.Count
                && message.Keyboard.Zip(keyboard).All(rows => rows.First.SequenceEqual(rows.Second));
            switch (method)
            {
                case "editMessageText":
                    if (message.Kind != MessageKind.Text)
                        return BadRequest("there is no text in the message to edit");
                    if (string.IsNullOrWhiteSpace(rendered))
                        return BadRequest("text must be non-empty");
                    if (rendered.Length > MaxTextLength)
                        return BadRequest("MESSAGE_TOO_LONG");
                    if (sameMarkup && message.RawText == raw && message.ParseMode == parseMode)
                        return ApiResult.Error(400, NotModifiedDescription);
                    (message.RawText, message.ParseMode, message.Rendered) = (raw, parseMode, rendered);
                    break;
                case "editMessageCaption":
                    if (message.Kind == MessageKind.Text)
                        return BadRequest("there is no caption in the message to edit");
                    if (rendered?.Length > MaxCaptionLength)
                        return BadRequest("message caption is too long");
                    if (sameMarkup && message.RawText == raw && message.ParseMode == parseMode)
                        return ApiResult.Error(400, NotModifiedDescription);
                    (message.RawText, message.ParseMode, message.Rendered) = (raw, parseMode, rendered);
                    break;
                default:
                    if (sameMarkup)
                        return ApiResult.Error(400, NotModifiedDescription);
                    break;
            }
            (message.ReplyMarkup, message.Keyboard) = (markup, keyboard);
            message.EditDate = UnixNow();

            Record(new SentMessage
            {
                Sequence = 0,
                Method = method,
                ChatId = chatId,
                MessageId = messageId,
                TargetMessageId = messageId,
                Text = method == "editMessageReplyMarkup" ? null : raw,
                ParseMode = parseMode,
                Keyboard = keyboard,
                Arguments = arguments.Values,
            });
            return ApiResult.Ok(MessageJson(message));
        }
    }

    private ApiResult DeleteMessage(BotApiArguments arguments)
    {
        if (ReadChat(arguments, out var chatId) is { } badChat)
            return badChat;
        if (arguments.GetInt("message_id") is not { } messageId)
            return BadRequest("message identifier is not specified");
        lock (_gate)
        {
            if (!_messages.Remove((chatId, messageId)))
                return BadRequest("message to delete not found");
            Record(new SentMessage
            {
                Sequence = 0,
                Method = "deleteMessage",
                ChatId = chatId,
                MessageId = messageId,
                TargetMessageId = messageId,
                Arguments = arguments.Values,
            });
        }
        return ApiResult.Ok(true);
    }

    private ApiResult AnswerCallbackQuery(BotApiArguments arguments)
    {
        var id = arguments.GetString("callback_query_id");
        var text = arguments.GetString("text");
        lock (_gate)
        {
            if (id is null || !_callbacks.TryGetValue(id, out var callback) || callback.Answered)
                return BadRequest(BadCallbackReason);
            callback.Answered = true;
            Record(new SentMessage
            {
                Sequence = 0,
                Method = "answerCallbackQuery",
                ChatId = callback.ChatId,
                MessageId = 0,
                Text = text,
                CallbackQueryId = id,
                ShowAlert = arguments.GetBool("show_alert"),
                Arguments = arguments.Values,
            });
        }
        return ApiResult.Ok(true);
    }

    // ------------------------------------------------------------------------------------------
    // Commands, files, chats
    // ------------------------------------------------------------------------------------------

    private ApiResult SetMyCommands(BotApiArguments arguments)
    {
        if (arguments.GetJson("commands") is not JsonArray items)
            return BadRequest("can't parse commands JSON object");
        if (items.Count > 100)
            return BadRequest("too many commands");
        var commands = new List<RegisteredCommand>();
        foreach (var item in items)
        {
            var command = Str(item?["command"]);
            var description = Str(item?["description"]);
            if (command is null || command.Length is < 1 or > 32 || !command.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                return BadRequest("BOT_COMMAND_INVALID");
            if (description is null || description.Length is < 1 or > 256)
                return BadRequest("command description must be non-empty");
            commands.Add(new RegisteredCommand(command, description));
        }
        lock (_gate)
            _commands[CommandsKey(arguments)] = commands;
        return ApiResult.Ok(true);
    }

    private ApiResult GetMyCommands(BotApiArguments arguments)
    {
        lock (_gate)
        {
            var commands = _commands.TryGetValue(CommandsKey(arguments), out var found) ? found : [];
            return ApiResult.Ok(new JsonArray(commands.Select(c => (JsonNode)new JsonObject { ["command"] = c.Command, ["description"] = c.Description }).ToArray()));
        }
    }

    private ApiResult DeleteMyCommands(BotApiArguments arguments)
    {
        lock (_gate)
            _commands.Remove(CommandsKey(arguments));
        return ApiResult.Ok(true);
    }

    private static string CommandsKey(BotApiArguments arguments)
    {
        var scope = arguments.GetJson("scope") as JsonObject;
        var key = Str(scope?["type"]) ?? "default";
        foreach (var id in new[] { "chat_id", "user_id" })
        {
            if (scope?[id] is { } value)
                key += ":" + (Str(value) ?? value.ToJsonString());
        }
        return CommandsKey(key, arguments.GetString("language_code") ?? "");
    }

    private static string CommandsKey(string scope, string languageCode) => $"{scope}|{languageCode}";

    private ApiResult GetFile(BotApiArguments arguments)
    {
        var fileId = arguments.GetString("file_id");
        lock (_gate)
        {
            if (fileId is null || !_filesById.TryGetValue(fileId, out var file))
                return BadRequest("invalid file_id");
            return ApiResult.Ok(new JsonObject
            {
                ["file_id"] = file.FileId,
                ["file_unique_id"] = file.FileUniqueId,
                ["file_size"] = file.Content.Length,
                ["file_path"] = file.FilePath,
            });
        }
    }

    private ApiResult GetChat(BotApiArguments arguments)
    {
        if (ReadChat(arguments, out var chatId) is { } badChat)
            return badChat;
        lock (_gate)
        {
            var chat = ChatJson(chatId);
            chat["accent_color_id"] = 0;
            chat["max_reaction_count"] = 11;
            chat["accepted_gift_types"] = new JsonObject
            {
                ["unlimited_gifts"] = false,
                ["limited_gifts"] = false,
                ["unique_gifts"] = false,
                ["premium_subscription"] = false,
            };
            return ApiResult.Ok(chat);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Argument helpers
    // ------------------------------------------------------------------------------------------

    private static ApiResult BadRequest(string reason) => ApiResult.Error(400, "Bad Request: " + reason);

    private static ApiResult? ReadChat(BotApiArguments arguments, out long chatId)
    {
        chatId = 0;
        var raw = arguments.GetString("chat_id");
        if (string.IsNullOrEmpty(raw))
            return BadRequest("chat_id is empty");
        if (arguments.GetLong("chat_id") is not { } id)
            return BadRequest("chat not found");
        chatId = id;
        return null;
    }

    /// <summary>Normalises the parse mode and renders the text as the user would see it.</summary>
    private static ApiResult? Render(string? raw, string? parseModeArgument, out string? parseMode, out string? rendered)
    {
        parseMode = null;
        rendered = raw;
        if (string.IsNullOrEmpty(parseModeArgument))
            return null;
        parseMode = parseModeArgument.ToLowerInvariant() switch
        {
            "html" => "HTML",
            "markdownv2" => "MarkdownV2",
            "markdown" => "Markdown",
            _ => null,
        };
        if (parseMode is null)
            return BadRequest("unsupported parse_mode");
        if (parseMode == "HTML" && raw is not null)
        {
            rendered = TelegramHtml.TryRender(raw, out var error);
            if (error is not null)
                return ApiResult.Error(400, error);
        }
        return null;
    }

    /// <summary>Reads an inline keyboard; other reply markups (reply keyboards, force reply) are accepted and not echoed.</summary>
    private static ApiResult? ReadKeyboard(BotApiArguments arguments, out JsonObject? markup, out IReadOnlyList<IReadOnlyList<SentButton>> keyboard)
    {
        markup = null;
        keyboard = [];
        if (string.IsNullOrWhiteSpace(arguments.GetString("reply_markup")))
            return null;
        if (arguments.GetJson("reply_markup") is not JsonObject json)
            return BadRequest("can't parse reply keyboard markup JSON object");
        if (json["inline_keyboard"] is null)
            return null;
        if (json["inline_keyboard"] is not JsonArray rows || rows.Any(row => row is not JsonArray))
            return BadRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");

        var parsed = new List<IReadOnlyList<SentButton>>();
        foreach (var row in rows.Cast<JsonArray>())
        {
            var buttons = new List<SentButton>();
            foreach (var button in row)
            {
                var text = Str(button?["text"]);
                if (text is null)
                    return BadRequest("can't parse inline keyboard button: Text is not specified");
                var data = Str(button?["callback_data"]);
                if (data is not null && Encoding.UTF8.GetByteCount(data) is < 1 or > MaxCallbackDataBytes)
                    return BadRequest("BUTTON_DATA_INVALID");
                buttons.Add(new SentButton(text, data, Str(button?["url"])));
            }
            parsed.Add(buttons);
        }
        markup = json;
        keyboard = parsed;
        return null;
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
