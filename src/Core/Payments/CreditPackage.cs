namespace SoraGateway.Payments;

/// <summary>A bundle of credits sold for a price in VND, shown by <c>/buy</c> in display order.</summary>
public sealed class CreditPackage
{
    public long Id { get; set; }

    /// <summary>Short stable code (<c>STARTER</c>); used by admins and in button data.</summary>
    public required string Code { get; set; }

    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public long Credits { get; set; }
    public long PriceVnd { get; set; }
    public bool Active { get; set; } = true;
    public int DisplayOrder { get; set; }

    public string Name(string language) => language == Users.Languages.English ? NameEn : NameVi;
}
