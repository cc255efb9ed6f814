using SoraGateway.Localization;
using SoraGateway.Payments;
using SoraGateway.Payments.VietQr;

namespace SoraGateway.Conversations;

// Buying credits: packages → payment order → VietQR code; "I have paid" and "Cancel order".
public sealed partial class ConversationEngine
{
    private async Task StartBuyAsync(Turn turn, CancellationToken ct)
    {
        turn.Fire(ConversationTrigger.Buy);
        await ShowPackagesAsync(turn, ct);
    }

    private async Task ShowPackagesAsync(Turn turn, CancellationToken ct)
    {
        var language = turn.Language;
        var active = await packages.ListActiveAsync(ct);
        if (active.Count == 0)
        {
            turn.Say(Messages.NoPackages);
            return;
        }

        var token = turn.NewMenuToken();
        turn.Say(Messages.ChoosePackage, Rows(active.Select(p => new ChatButton(
            Messages.PackageButton.In(language, p.Name(language), Formats.Credits(p.Credits, language), Formats.Vnd(p.PriceVnd, language)),
            ButtonData.Choice(token, p.Code))), 1, token, language));
    }

    private async Task OnPackageChosenAsync(Turn turn, string packageCode, CancellationToken ct)
    {
        var settings = paymentOptions.Value;
        if (!settings.IsAccountConfigured)
        {
            turn.Say(Messages.PaymentsNotConfigured);
            return;
        }

        var result = await orders.CreateAsync(turn.User.Id, packageCode, turn.Input.Channel, turn.Input.ChatId, ct);
        switch (result.Status)
        {
            case CreateOrderStatus.UnknownPackage:
                turn.Say(Messages.CatalogChanged);
                await ShowPackagesAsync(turn, ct);
                return;
            case CreateOrderStatus.TooManyOpenOrders:
                turn.Say(Messages.TooManyOpenOrders, settings.MaxOpenOrders, result.Order!.OrderCode);
                return;
            case CreateOrderStatus.ReusedOpenOrder:
                turn.Say(Messages.OpenOrderReused);
                break;
        }

        turn.Fire(ConversationTrigger.PackageChosen);
        turn.Add(OrderQr(result.Order!, settings, turn.Language));
    }

    /// <summary>The VietQR code of an order with its caption and the order's buttons.</summary>
    private static PhotoReply OrderQr(PaymentOrder order, PaymentOptions settings, string language)
    {
        var bank = settings.ReceivingBank!;
        var payload = VietQrPayload.Build(new VietQrRequest(bank.Bin, settings.AccountNumber, order.AmountVnd, order.OrderCode,
            MerchantName: IsQrName(settings.AccountName) ? settings.AccountName : null));
        var caption = Messages.OrderQrCaption.In(language, Formats.Credits(order.Credits, language), Html.Escape(bank.Name),
            Html.Escape(settings.AccountName), Html.Escape(settings.AccountNumber), Formats.Vnd(order.AmountVnd, language), order.OrderCode,
            Formats.VietnamTime(order.ExpiresAt, language));
        return new PhotoReply(VietQrImage.RenderPng(payload), caption, $"{order.OrderCode}.png")
        {
            Buttons =
            [
                [new ChatButton(Messages.IHavePaidButton.In(language), ButtonData.PaidCheck(order.OrderCode))],
                [new ChatButton(Messages.CancelOrderButton.In(language), ButtonData.CancelOrder(order.OrderCode))],
            ],
        };
    }

    // The QR's merchant name must be short plain ASCII; banks show their own record of the name anyway.
    private static bool IsQrName(string name) =>
        name.Length is > 0 and <= 25 && name.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// "I have paid": asks Casso to sync (outside any transaction — it is a network call), then
    /// reports the order's state. Only the order's owner may ask.
    /// </summary>
    private async Task<ChatResponse> CheckPaymentAsync(ChatInput input, string orderCode, CancellationToken ct)
    {
        var user = await users.FindAsync(input.Channel, input.Sender.ExternalUserId, ct);
        var language = Users.Languages.Normalize(user?.Language ?? input.Sender.LanguageCode);
        var order = user is null ? null : await orders.FindAsync(orderCode, ct);
        if (order is null || order.UserId != user!.Id)
            return new ChatResponse([new TextReply(Messages.OrderNotFound.In(language))], Messages.OrderNotFound.In(language));

        order = await reconciler.CheckOrderAsync(order.OrderCode, ct) ?? order;
        var text = order.Status switch
        {
            PaymentOrderStatus.Paid => Messages.OrderPaid.In(language, order.OrderCode, Formats.Credits(await ledger.GetBalanceAsync(user.Id, ct), language)),
            PaymentOrderStatus.Underpaid => Messages.OrderUnderpaid.In(language, order.OrderCode, Formats.Vnd(order.ReceivedVnd, language), Formats.Vnd(order.MissingVnd, language)),
            PaymentOrderStatus.Expired => Messages.OrderExpired.In(language, order.OrderCode),
            PaymentOrderStatus.Cancelled => Messages.OrderCancelled.In(language, order.OrderCode),
            _ => Messages.OrderStillPending.In(language, order.OrderCode),
        };
        return new ChatResponse([new TextReply(text)]);
    }
}
