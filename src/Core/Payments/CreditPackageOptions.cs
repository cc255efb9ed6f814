using System.ComponentModel.DataAnnotations;

namespace SoraGateway.Payments;

/// <summary>
/// <c>Packages</c> section: the packages seeded into an empty database by the first migrate.
/// After that, admins manage packages with <c>sora-admin packages</c>.
/// </summary>
public sealed class CreditPackageOptions
{
    public const string Section = "Packages";

    /// <summary>Configured seed; when empty, <see cref="BuiltIn"/> is seeded.</summary>
    // Not pre-filled: the configuration binder appends to a non-empty list instead of replacing it.
    public List<SeedPackage> Defaults { get; set; } = [];

    public IReadOnlyList<SeedPackage> EffectiveDefaults => Defaults.Count > 0 ? Defaults : BuiltIn;

    public static IReadOnlyList<SeedPackage> BuiltIn { get; } =
    [
        new() { Code = "STARTER", NameVi = "Gói Khởi đầu", NameEn = "Starter", Credits = 50, PriceVnd = 49_000, DisplayOrder = 1 },
        new() { Code = "STANDARD", NameVi = "Gói Tiêu chuẩn", NameEn = "Standard", Credits = 120, PriceVnd = 99_000, DisplayOrder = 2 },
        new() { Code = "PRO", NameVi = "Gói Chuyên nghiệp", NameEn = "Pro", Credits = 260, PriceVnd = 199_000, DisplayOrder = 3 },
        new() { Code = "STUDIO", NameVi = "Gói Studio", NameEn = "Studio", Credits = 700, PriceVnd = 499_000, DisplayOrder = 4 },
    ];

    public sealed class SeedPackage
    {
        [Required, RegularExpression("^[A-Z0-9_]{2,20}$")]
        public string Code { get; set; } = "";

        [Required]
        public string NameVi { get; set; } = "";

        [Required]
        public string NameEn { get; set; } = "";

        [Range(1, 10_000_000)]
        public long Credits { get; set; }

        [Range(1_000, 1_000_000_000)]
        public long PriceVnd { get; set; }

        public int DisplayOrder { get; set; }
    }
}
