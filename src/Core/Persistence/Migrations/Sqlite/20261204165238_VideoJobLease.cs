using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SoraGateway.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VideoJobLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
