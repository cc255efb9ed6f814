using SoraGateway.Persistence;

namespace SoraGateway.Admin;

/// <summary>One thing an operator did (assign a payment, grant credits, refund a job): who, what, when.</summary>
public sealed class AdminAction
{
    public long Id { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string? Detail { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Writes the admin audit trail inside the caller's unit of work.</summary>
public sealed class AdminAuditTrail(GatewayDbContext db, TimeProvider time)
{
    /// <summary>Adds a record; it is saved with the change it describes.</summary>
    public void Record(string actor, string action, string subject, string? detail = null) =>
        db.AdminActions.Add(new AdminAction
        {
            Actor = actor,
            Action = action,
            Subject = subject,
            Detail = detail,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
}
