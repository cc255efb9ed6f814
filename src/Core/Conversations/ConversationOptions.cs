using System.ComponentModel.DataAnnotations;

namespace SoraGateway.Conversations;

/// <summary><c>Conversation</c> section.</summary>
public sealed class ConversationOptions : IValidatableObject
{
    public const string Section = "Conversation";

    [Range(1, 100)]
    public int PromptMinLength { get; set; } = 5;

    /// <summary>Longest prompt accepted (Veo and Sora cut long prompts; 1,000 characters is plenty).</summary>
    [Range(10, 4000)]
    public int PromptMaxLength { get; set; } = 1000;

    /// <summary>An unfinished flow idle this long falls back to Idle.</summary>
    [Range(1, 24 * 60)]
    public int IdleMinutes { get; set; } = 30;

    /// <summary>Rows per page of /history and /videos.</summary>
    [Range(1, 20)]
    public int PageSize { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PromptMinLength >= PromptMaxLength)
            yield return new ValidationResult("Conversation:PromptMinLength must be below Conversation:PromptMaxLength.");
    }
}
