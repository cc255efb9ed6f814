namespace SoraGateway.Localization;

/// <summary>A command of the bot's menu with its description in both languages.</summary>
public sealed record BotCommandText(string Command, string Vi, string En)
{
    public string Description(string language) => language == Users.Languages.English ? En : Vi;
}

/// <summary>The command menu every channel registers (Telegram: setMyCommands for vi and en).</summary>
public static class BotCommandTexts
{
    public static IReadOnlyList<BotCommandText> All { get; } =
    [
        new("start", "Bắt đầu và xem số dư", "Start and see your balance"),
        new("video", "Tạo video mới", "Make a new video"),
        new("buy", "Mua thêm credit", "Buy credits"),
        new("balance", "Xem số dư credit", "See your credit balance"),
        new("history", "Lịch sử giao dịch", "Transaction history"),
        new("videos", "Video của bạn", "Your videos"),
        new("stats", "Thống kê của bạn", "Your statistics"),
        new("language", "Đổi ngôn ngữ", "Change language"),
        new("cancel", "Hủy thao tác đang làm", "Cancel what you are doing"),
        new("help", "Hướng dẫn sử dụng", "How it works"),
    ];
}
