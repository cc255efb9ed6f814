namespace SoraGateway.Localization;

/// <summary>
/// Every message a user can receive, in Vietnamese (default) and English. Nothing user-facing is
/// written anywhere else; a test checks that both languages have the same holes.
/// </summary>
public static class Messages
{
    // Main menu and commands
    public static readonly Text Welcome = new(
        "Xin chào {0}! 👋\nSora Gateway giúp bạn tạo video AI từ một đoạn mô tả hoặc từ ảnh của bạn.\n\nSố dư: <b>{1} credit</b>",
        "Hello {0}! 👋\nSora Gateway turns a description or one of your photos into an AI video.\n\nBalance: <b>{1} credits</b>");
    public static readonly Text MenuVideo = new("🎬 Tạo video", "🎬 Make a video");
    public static readonly Text MenuBuy = new("💳 Mua credit", "💳 Buy credits");
    public static readonly Text MenuBalance = new("💰 Số dư", "💰 Balance");
    public static readonly Text MenuVideos = new("📼 Video của tôi", "📼 My videos");
    public static readonly Text MenuHelp = new("❓ Hướng dẫn", "❓ Help");
    public static readonly Text Help = new(
        "<b>Cách dùng Sora Gateway</b>\n1. Nạp credit: /buy, quét mã VietQR bằng ứng dụng ngân hàng. Credit được cộng ngay khi tiền về.\n2. Tạo video: /video rồi gửi mô tả, hoặc gửi một ảnh kèm chú thích để tạo video từ ảnh.\n3. Chọn độ dài, khung hình, chất lượng và xác nhận. Video hoàn thành sẽ được gửi vào đây; nếu thất bại, credit được hoàn lại tự động.\n\nLệnh: /video /buy /balance /history /videos /stats /language /cancel",
        "<b>How Sora Gateway works</b>\n1. Top up: /buy and scan the VietQR code with your banking app. Credits arrive as soon as the money does.\n2. Make a video: /video and send a description, or send a photo with a caption to animate it.\n3. Pick the length, frame and quality, then confirm. The finished video is sent here; if it fails, your credits come back automatically.\n\nCommands: /video /buy /balance /history /videos /stats /language /cancel");
    public static readonly Text Balance = new("💰 Số dư: <b>{0} credit</b>", "💰 Balance: <b>{0} credits</b>");
    public static readonly Text Cancelled = new("Đã hủy. Gõ /video để bắt đầu lại.", "Cancelled. Type /video to start again.");
    public static readonly Text NothingToCancel = new("Không có thao tác nào đang làm.", "There is nothing to cancel.");
    public static readonly Text MenuOutOfDate = new("Menu này đã cũ — đây là menu mới nhất.", "This menu is out of date — here is the current one.");
    public static readonly Text SessionExpired = new(
        "Phiên trước đã hết hạn sau 30 phút không hoạt động.", "Your previous session expired after 30 minutes without activity.");
    public static readonly Text UseButtons = new("Vui lòng chọn một trong các lựa chọn bên dưới.", "Please pick one of the options below.");
    public static readonly Text UnknownCommand = new("Lệnh không hợp lệ. Gõ /help để xem các lệnh.", "Unknown command. Type /help for the commands.");
    public static readonly Text SomethingWentWrong = new("Có lỗi xảy ra, vui lòng thử lại sau ít phút.", "Something went wrong; please try again in a few minutes.");
    public static readonly Text ChooseLanguage = new("Chọn ngôn ngữ / Choose your language:", "Chọn ngôn ngữ / Choose your language:");
    public static readonly Text LanguageSet = new("Đã chuyển sang tiếng Việt 🇻🇳", "Switched to English 🇬🇧");
    public static readonly Text DemoGrant = new(
        "🎁 Bạn được tặng {0} credit dùng thử (chỉ có trong trình giả lập).",
        "🎁 You got {0} demo credits (in the local emulator only).");

    // Video flow
    public static readonly Text AskPrompt = new(
        "✍️ Hãy mô tả video bạn muốn tạo ({0}–{1} ký tự).\nVí dụ: <i>Một chú mèo cam đội mũ lá đạp xe qua phố cổ Hội An lúc hoàng hôn</i>\n\nBạn cũng có thể gửi một ảnh kèm chú thích để tạo video từ ảnh.",
        "✍️ Describe the video you want ({0}–{1} characters).\nFor example: <i>An orange cat in a conical hat cycling through Hoi An's old town at sunset</i>\n\nYou can also send a photo with a caption to animate it.");
    public static readonly Text AskCaption = new(
        "📷 Đã nhận ảnh. Giờ hãy gửi mô tả chuyển động cho video ({0}–{1} ký tự).",
        "📷 Photo received. Now send a description of the motion ({0}–{1} characters).");
    public static readonly Text PromptTooShort = new(
        "Mô tả hơi ngắn ({0} ký tự). Hãy viết ít nhất {1} ký tự.", "That description is short ({0} characters). Please write at least {1}.");
    public static readonly Text PromptTooLong = new(
        "Mô tả quá dài ({0} ký tự). Tối đa {1} ký tự.", "That description is too long ({0} characters). The maximum is {1}.");
    public static readonly Text PhotoUnreadable = new(
        "Không đọc được ảnh này. Hãy gửi ảnh JPG hoặc PNG.", "I could not read that photo. Please send a JPG or PNG.");
    public static readonly Text AskDuration = new("⏱ Chọn độ dài video:", "⏱ Choose the length:");
    public static readonly Text DurationButton = new("{0} giây", "{0} s");
    public static readonly Text AskResolution = new("🖼 Chọn độ phân giải và khung hình:", "🖼 Choose the resolution and frame:");
    public static readonly Text Landscape = new("ngang 16:9", "landscape 16:9");
    public static readonly Text Portrait = new("dọc 9:16", "portrait 9:16");
    public static readonly Text AskQuality = new("✨ Chọn chất lượng:", "✨ Choose the quality:");
    public static readonly Text QualityButton = new("{0} — {1} credit", "{0} — {1} credits");
    public static readonly Text ConfirmSummary = new(
        "📋 <b>Xác nhận tạo video</b>\n{0}Mô tả: <i>{1}</i>\nĐộ dài: {2} giây · {3} {4}\nChất lượng: {5}\n\nGiá: <b>{6} credit</b>\nSố dư: {7} credit → còn {8} credit",
        "📋 <b>Confirm your video</b>\n{0}Description: <i>{1}</i>\nLength: {2} s · {3} {4}\nQuality: {5}\n\nPrice: <b>{6} credits</b>\nBalance: {7} credits → {8} credits after");
    public static readonly Text FromPhoto = new("🖼 Từ ảnh của bạn\n", "🖼 From your photo\n");
    public static readonly Text ConfirmButton = new("✅ Xác nhận", "✅ Confirm");
    public static readonly Text CancelButton = new("❌ Hủy", "❌ Cancel");
    public static readonly Text NotEnoughCredits = new(
        "Bạn cần thêm <b>{0} credit</b> để tạo video này (giá {1}, số dư {2}). Chọn một gói để nạp — video của bạn vẫn được giữ:",
        "You need <b>{0} more credits</b> for this video (price {1}, balance {2}). Pick a package to top up — your video is kept:");
    public static readonly Text JobQueued = new(
        "✅ Đã nhận yêu cầu! Đã trừ {0} credit, số dư còn <b>{1} credit</b>.\nVideo đang ở vị trí <b>#{2}</b> trong hàng đợi; video hoàn thành sẽ được gửi vào đây.",
        "✅ Request received! {0} credits taken, balance <b>{1} credits</b>.\nYour video is <b>#{2}</b> in the queue; it will be sent here when it is ready.");
    public static readonly Text AlreadyConfirmed = new("Video này đã được xác nhận rồi.", "This video was already confirmed.");
    public static readonly Text CatalogChanged = new(
        "Lựa chọn này không còn nữa. Hãy chọn lại.", "That option is no longer offered. Please choose again.");

    // Buying credits
    public static readonly Text ChoosePackage = new("💳 Chọn gói credit:", "💳 Choose a credit package:");
    public static readonly Text PackageButton = new("{0} — {1} credit — {2}", "{0} — {1} credits — {2}");
    public static readonly Text NoPackages = new("Hiện chưa có gói nào được bán.", "No packages are on sale right now.");
    public static readonly Text PaymentsNotConfigured = new(
        "Thanh toán chưa được cấu hình. Vui lòng liên hệ hỗ trợ.", "Payments are not set up yet. Please contact support.");
    public static readonly Text OrderQrCaption = new(
        "🏦 Chuyển khoản để nhận <b>{0} credit</b>\nNgân hàng: {1}\nChủ tài khoản: {2}\nSố tài khoản: <code>{3}</code>\nSố tiền: <b>{4}</b>\nNội dung: <code>{5}</code>\nHạn: {6} (giờ Việt Nam)\n\nQuét mã bằng ứng dụng ngân hàng. Nếu ứng dụng không tự điền nội dung, hãy nhập đúng <code>{5}</code>.",
        "🏦 Transfer to get <b>{0} credits</b>\nBank: {1}\nAccount name: {2}\nAccount number: <code>{3}</code>\nAmount: <b>{4}</b>\nMemo: <code>{5}</code>\nPay by: {6} (Vietnam time)\n\nScan the code with your banking app. If it does not fill in the memo, type <code>{5}</code> exactly.");
    public static readonly Text OpenOrderReused = new(
        "Bạn đã có một đơn chưa thanh toán cho gói này — đây là mã của đơn đó.",
        "You already have an unpaid order for this package — here it is again.");
    public static readonly Text TooManyOpenOrders = new(
        "Bạn đang có {0} đơn chưa thanh toán. Hãy thanh toán hoặc hủy một đơn trước (mã {1}).",
        "You have {0} unpaid orders. Please pay or cancel one first (code {1}).");
    public static readonly Text IHavePaidButton = new("✅ Tôi đã chuyển khoản", "✅ I have paid");
    public static readonly Text CancelOrderButton = new("❌ Hủy đơn", "❌ Cancel order");
    public static readonly Text OrderPaid = new("🎉 Đơn {0} đã được thanh toán. Số dư: <b>{1} credit</b>.", "🎉 Order {0} is paid. Balance: <b>{1} credits</b>.");
    public static readonly Text OrderStillPending = new(
        "Chưa thấy giao dịch cho đơn {0}. Tiền thường về sau vài phút; bạn sẽ nhận tin nhắn ngay khi credit được cộng.",
        "No transfer for order {0} yet. Transfers usually arrive within a few minutes; you will get a message as soon as the credits are in.");
    public static readonly Text OrderUnderpaid = new(
        "Đơn {0}: đã nhận {1}, còn thiếu <b>{2}</b>. Hãy chuyển thêm với cùng nội dung <code>{0}</code>.",
        "Order {0}: {1} received, <b>{2}</b> missing. Please transfer the rest with the same memo <code>{0}</code>.");
    public static readonly Text OrderExpired = new(
        "Đơn {0} đã hết hạn. Nếu bạn đã chuyển khoản, credit vẫn sẽ được cộng khi tiền về.",
        "Order {0} has expired. If you already paid, the credits will still arrive with the money.");
    public static readonly Text OrderCancelled = new("Đã hủy đơn {0}.", "Order {0} is cancelled.");
    public static readonly Text OrderNotCancellable = new("Không thể hủy đơn {0} nữa.", "Order {0} can no longer be cancelled.");
    public static readonly Text OrderNotFound = new("Không tìm thấy đơn này.", "That order was not found.");

    // Notifications (outbox)
    public static readonly Text PaymentCredited = new(
        "🎉 Đã nhận thanh toán cho đơn {0}: <b>+{1} credit</b>.\nSố dư mới: <b>{2} credit</b>. Gõ /video để tạo video!",
        "🎉 Payment received for order {0}: <b>+{1} credits</b>.\nNew balance: <b>{2} credits</b>. Type /video to make one!");
    public static readonly Text PaymentUnderpaid = new(
        "⚠️ Đã nhận {1} cho đơn {0}, còn thiếu <b>{2}</b>. Hãy chuyển thêm với cùng nội dung <code>{0}</code>.",
        "⚠️ Received {1} for order {0}; <b>{2}</b> is missing. Please transfer the rest with the same memo <code>{0}</code>.");
    public static readonly Text PaymentSurplus = new(
        "Đã nhận thêm {1} cho đơn {0} (đơn này đã được thanh toán). Bộ phận hỗ trợ sẽ liên hệ để cộng credit hoặc hoàn tiền.",
        "We received another {1} for order {0}, which was already paid. Support will contact you to credit or return it.");

    // Account views
    public static readonly Text HistoryHeader = new("📜 <b>Lịch sử giao dịch</b> (trang {0}/{1})", "📜 <b>Transaction history</b> (page {0}/{1})");
    public static readonly Text HistoryLine = new("{0} · {1} <b>{2}</b> → {3}", "{0} · {1} <b>{2}</b> → {3}");
    public static readonly Text HistoryEmpty = new("Chưa có giao dịch nào.", "No transactions yet.");
    public static readonly Text Newer = new("◀ Mới hơn", "◀ Newer");
    public static readonly Text Older = new("Cũ hơn ▶", "Older ▶");
    public static readonly Text KindPurchase = new("Nạp tiền", "Top-up");
    public static readonly Text KindGrant = new("Tặng", "Gift");
    public static readonly Text KindSpend = new("Tạo video", "Video");
    public static readonly Text KindRefund = new("Hoàn tiền", "Refund");
    public static readonly Text KindAdjustment = new("Điều chỉnh", "Adjustment");
    public static readonly Text Stats = new(
        "📊 <b>Thống kê của bạn</b>\nVideo: {0} hoàn thành / {1} đã đặt\nTỷ lệ thành công: {2}\nCredit đã dùng: {3}\nCredit đã nạp: {4}\nSố dư: {5}",
        "📊 <b>Your statistics</b>\nVideos: {0} finished / {1} ordered\nSuccess rate: {2}\nCredits spent: {3}\nCredits bought: {4}\nBalance: {5}");

    // Videos
    public static readonly Text VideosHeader = new("📼 <b>Video của bạn</b> (trang {0}/{1})", "📼 <b>Your videos</b> (page {0}/{1})");
    public static readonly Text VideosEmpty = new("Bạn chưa có video nào. Gõ /video để tạo video đầu tiên!", "No videos yet. Type /video to make your first!");
    public static readonly Text VideoLine = new("{0}. {1} · {2} · <i>{3}</i>", "{0}. {1} · {2} · <i>{3}</i>");
    public static readonly Text ResendButton = new("▶️ Gửi lại #{0}", "▶️ Send #{0} again");
    public static readonly Text DeleteButton = new("🗑 Xóa #{0}", "🗑 Delete #{0}");
    public static readonly Text VideoDeleted = new("Đã xóa video.", "Video deleted.");
    public static readonly Text VideoNotAvailable = new("Video này không còn nữa.", "That video is no longer available.");
    public static readonly Text StatusQueued = new("⏳ đang chờ", "⏳ queued");
    public static readonly Text StatusWorking = new("🎞 đang tạo", "🎞 in progress");
    public static readonly Text StatusCompleted = new("✅ xong", "✅ done");
    public static readonly Text StatusFailed = new("❌ thất bại (đã hoàn credit)", "❌ failed (refunded)");
    public static readonly Text QueuePosition = new("⏳ Video của bạn đang ở vị trí #{0} trong hàng đợi.", "⏳ Your video is #{0} in the queue.");
    public static readonly Text Rendering = new("🎞 Đang tạo video… {0}%", "🎞 Making your video… {0}%");
    public static readonly Text RenderingNoProgress = new("🎞 Đang tạo video…", "🎞 Making your video…");
    public static readonly Text Downloading = new("📥 Video đã xong, đang chuẩn bị gửi…", "📥 Your video is done, getting it ready…");
    public static readonly Text VideoCaption = new("🎬 <i>{0}</i>\n{1} giây · {2} {3} · {4}", "🎬 <i>{0}</i>\n{1} s · {2} {3} · {4}");
    public static readonly Text DownloadButton = new("⬇️ Tải video", "⬇️ Download video");
    public static readonly Text VideoFailed = new(
        "😔 Không tạo được video: {0}\nĐã hoàn <b>{1} credit</b>, số dư: <b>{2} credit</b>.",
        "😔 The video could not be made: {0}\n<b>{1} credits</b> are back; balance: <b>{2} credits</b>.");
    public static readonly Text ReasonRefused = new("nội dung bị bộ lọc an toàn của nhà cung cấp từ chối ({0}).", "the provider's safety filter refused it ({0}).");
    public static readonly Text ReasonInvalid = new("nhà cung cấp không chấp nhận yêu cầu ({0}).", "the provider rejected the request ({0}).");
    public static readonly Text ReasonBusy = new("nhà cung cấp đang quá tải.", "the provider is overloaded.");
    public static readonly Text ReasonTimeout = new("quá thời gian xử lý.", "it took too long.");
    public static readonly Text ReasonSystem = new("lỗi hệ thống, chúng tôi đang xử lý.", "a system error; we are on it.");

    // Local emulator (terminal)
    public static readonly Text EmulatorBanner = new(
        "Sora Gateway — trình giả lập cục bộ (chưa có Telegram:BotToken).\nGõ tin nhắn như trong Telegram. Gõ số để bấm nút, /pay để giả lập chuyển khoản cho đơn mới nhất, /photo &lt;tệp&gt; [chú thích] để gửi ảnh, /quit để thoát.",
        "Sora Gateway — local emulator (no Telegram:BotToken set).\nType as you would in Telegram. Type a number to press a button, /pay to simulate the bank transfer for your latest order, /photo &lt;file&gt; [caption] to send a photo, /quit to leave.");
    public static readonly Text EmulatorTransferSent = new(
        "🏦 (giả lập) Ngân hàng báo có {0} với nội dung {1}; Casso gửi webhook có chữ ký.",
        "🏦 (simulated) The bank received {0} with memo {1}; Casso sent a signed webhook.");
    public static readonly Text EmulatorNoOpenOrder = new("Không có đơn nào đang chờ thanh toán. Gõ /buy trước.", "There is no order waiting for payment. Type /buy first.");
    public static readonly Text EmulatorFileNotFound = new("Không tìm thấy tệp {0}.", "File {0} not found.");
    public static readonly Text EmulatorImageSaved = new("[ảnh đã lưu: {0}]", "[image saved: {0}]");
    public static readonly Text EmulatorVideoSaved = new("[video: {0}]", "[video: {0}]");
    public static readonly Text EmulatorBye = new("Tạm biệt!", "Goodbye!");
}
