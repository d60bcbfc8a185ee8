using Aegis.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The review console's tables: local users, and the Data Protection keys every node shares.</summary>
internal static class UserConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserRow>(u =>
        {
            u.ToTable("users");
            u.HasKey(x => x.Id);
            u.Property(x => x.Name).HasMaxLength(UserNames.MaxLength);
            u.Property(x => x.NormalizedName).HasMaxLength(UserNames.MaxLength);
            u.Property(x => x.PasswordHash).HasMaxLength(256);
            u.Property(x => x.TotpSecret).HasMaxLength(64);
            u.Property(x => x.SecurityStamp).HasMaxLength(32);
            u.Property(x => x.Queues).HasMaxLength(QueueList.MaxLength);
            u.HasIndex(x => x.NormalizedName).IsUnique();
        });

        modelBuilder.Entity<DataProtectionKeyRow>(k =>
        {
            k.ToTable("data_protection_keys");
            k.HasKey(x => x.Id);
            k.Property(x => x.FriendlyName).HasMaxLength(256);
        });
    }
}
