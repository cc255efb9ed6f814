using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraGateway.Bot;
using SoraGateway.Channels.Emulator;
using SoraGateway.Persistence;
using SoraGateway.Storage;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Videos.Jobs;

namespace SoraGateway.Tests.Channels;

/// <summary>The local emulator: a scripted terminal session through the Bot host.</summary>
public sealed class EmulatorSpecs : IAsyncLifetime
{
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    private async Task<string> RunAsync(string script)
    {
        using var output = new StringWriter();
        var media = Path.Combine(Path.GetTempPath(), "sora-emulator-" + Guid.NewGuid().ToString("N"));
        var builder = BotComposition.CreateBuilder([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(_database!.Settings)
        {
            ["Storage:VideoPath"] = media,
            ["Outbox:PollInterval"] = "00:00:00.100",
        }));
        builder.Services.AddSingleton(sp => new EmulatorConsole(new StringReader(script), output, sp.GetRequiredService<MediaStore>()));
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.RunAsync(timeout.Token);
        Directory.Delete(media, recursive: true);
        return output.ToString();
    }

    [Fact]
    public async Task A_piped_session_buys_credits_through_the_bank_simulator_and_reaches_a_confirmed_video_order()
    {
        var output = await RunAsync("""
            /buy
            2
            /pay
            /video
            Hoàng hôn trên vịnh Hạ Long, thuyền buồm lướt qua
            3
            3
            2
            1
            """);

        Assert.Contains("Xin chào Bạn", output, StringComparison.Ordinal);
        Assert.Contains("100 credit dùng thử", output, StringComparison.Ordinal);
        Assert.Contains("Chuyển khoản để nhận 120 credit", output, StringComparison.Ordinal);
        Assert.Contains("Số dư mới: 220 credit", output, StringComparison.Ordinal);
        Assert.Contains("Đã nhận yêu cầu! Đã trừ 32 credit, số dư còn 188 credit", output, StringComparison.Ordinal);
        Assert.Contains("Tạm biệt!", output, StringComparison.Ordinal);
        await using var services = _database!.CreateServices();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var job = await db.VideoJobs.SingleAsync();
        Assert.Equal((VideoJobStatus.Queued, "fast", "1080p", 8), (job.Status, job.OfferingCode, job.Resolution, job.DurationSeconds));
        Assert.Equal("webhook-v2", await db.BankTransactions.Select(b => b.Source).SingleAsync());
        Assert.True((await scope.ServiceProvider.GetRequiredService<SoraGateway.Ledger.LedgerAudit>().RunAsync(CancellationToken.None)).IsClean);
    }

    [Fact]
    public async Task The_built_bot_run_on_a_fresh_folder_with_piped_input_confirms_a_video()
    {
        var folder = Directory.CreateTempSubdirectory("sora-fresh-").FullName;
        try
        {
            var bot = Path.Combine(AppContext.BaseDirectory, "SoraGateway.Bot.dll");
            var start = new ProcessStartInfo("dotnet", [bot])
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            using var process = Process.Start(start)!;
            await process.StandardInput.WriteAsync("/video\nMột chú mèo cam đạp xe qua phố cổ\n3\n1\n1\n1\n");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 0, await stderr);
            Assert.Contains("Đã nhận yêu cầu! Đã trừ 16 credit, số dư còn 84 credit", await stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "data", "gateway.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
