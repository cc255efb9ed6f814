using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SoraGateway.Persistence;

/// <summary>
/// Hand-written statements for the hot money paths, run on the context's own connection and
/// transaction. The SQL is written once for both databases (SQLite 3.35+ and PostgreSQL share
/// <c>ON CONFLICT</c>, <c>RETURNING</c> and <c>@name</c> parameters).
/// </summary>
internal static class RawSql
{
    public static async Task<DbCommand> CommandAsync(this GatewayDbContext db, string sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value, DbType? type)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        if (type is { } t)
            p.DbType = t;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, long value) => command.With(name, value, DbType.Int64);

    public static DbCommand With(this DbCommand command, string name, long? value) => command.With(name, value, DbType.Int64);

    public static DbCommand With(this DbCommand command, string name, string? value) => command.With(name, value, DbType.String);

    // No DbType: each provider infers its own mapping from a UTC DateTime (timestamptz on
    // PostgreSQL, EF's sortable text on SQLite).
    public static DbCommand With(this DbCommand command, string name, DateTime value) => command.With(name, value, type: null);

    // A NULL needs a declared type on PostgreSQL; timestamp converts to timestamptz on assignment.
    public static DbCommand With(this DbCommand command, string name, DateTime? value) =>
        value is { } v ? command.With(name, v) : command.With(name, null, DbType.DateTime);

    /// <summary>Runs the command and returns the first column of the first row, or null when there is none.</summary>
    public static async Task<long?> ScalarInt64Async(this DbCommand command, CancellationToken ct)
    {
        await using (command)
        {
            var value = await command.ExecuteScalarAsync(ct);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static async Task<int> ExecuteAsync(this DbCommand command, CancellationToken ct)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// A unit of work that either owns a fresh transaction or, when the caller already opened one,
    /// nests inside it — with a savepoint when a refusal may have to undo part of our work
    /// (<paramref name="mayUndo"/>), otherwise simply as part of the caller's transaction.
    /// </summary>
    public static async Task<NestedTransaction> BeginNestedAsync(this GatewayDbContext db, CancellationToken ct, bool mayUndo = true)
    {
        var current = db.Database.CurrentTransaction;
        if (current is null)
            return new NestedTransaction(await db.Database.BeginTransactionAsync(ct), savepoint: null);
        if (!mayUndo)
            return new NestedTransaction(null, savepoint: null);

        var savepoint = "sp_" + Guid.NewGuid().ToString("N")[..12];
        await current.CreateSavepointAsync(savepoint, ct);
        return new NestedTransaction(current, savepoint);
    }

    internal sealed class NestedTransaction(IDbContextTransaction? transaction, string? savepoint) : IAsyncDisposable
    {
        private bool _done = transaction is null;

        public async Task CommitAsync(CancellationToken ct)
        {
            if (transaction is null)
                return;
            _done = true;
            if (savepoint is null)
                await transaction.CommitAsync(ct);
            else
                await transaction.ReleaseSavepointAsync(savepoint, ct);
        }

        public async Task RollbackAsync(CancellationToken ct)
        {
            if (transaction is null)
                return;
            _done = true;
            if (savepoint is null)
                await transaction.RollbackAsync(ct);
            else
                await transaction.RollbackToSavepointAsync(savepoint, ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_done)
                await RollbackAsync(CancellationToken.None);
            if (savepoint is null && transaction is not null)
                await transaction.DisposeAsync();
        }
    }
}
