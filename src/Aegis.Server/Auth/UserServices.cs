using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Auth;

/// <summary>The review console's groundwork: its users, and Data Protection keys shared through the store.</summary>
internal static class UserServices
{
    /// <summary>Data Protection's application name: the same on every node, so each reads what another protected.</summary>
    public const string ApplicationName = "aegis";

    /// <summary>The user store with the lockout settings, and Data Protection over the store's keys.</summary>
    public static IServiceCollection AddAegisUsers(this IServiceCollection services, ServerOptions options, BankStore store)
    {
        services.AddSingleton(new UserStore(store, options.Users.Lockout));
        return services.AddAegisDataProtection(store);
    }

    /// <summary>Data Protection with its key ring in the store (table <c>data_protection_keys</c>) and a fixed application name.</summary>
    public static IServiceCollection AddAegisDataProtection(this IServiceCollection services, BankStore store)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = new StoreXmlRepository(new DataProtectionKeyStore(store)));
        return services;
    }
}
