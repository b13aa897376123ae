// The Functions app on the Flex Consumption plan (.NET 10 isolated worker). Every connection is identity-based
// (the user-assigned identity); every secret is a Key Vault reference (resolved with keyVaultReferenceIdentity);
// the settings are listed one by one, names and references spelled out, so that
// tests/LifeWindow.Functions.Tests/InfraTests.cs can read them from the compiled template.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageName string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param keyVaultName string
param appInsightsConnectionString string
param workspaceId string
param taskHubName string
param pepperKeyId string
param localRegionPrefix string
param crmBaseUrl string
param eventHubsNamespace string

@description('The feed stream: StorageQueue, or EventHubs (its consumer runs inside the app, so one instance is kept ready).')
@allowed([ 'StorageQueue', 'EventHubs' ])
param feedStreamTransport string
param maximumInstanceCount int
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}deployments'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Flex Consumption scales on triggers; the Event Hubs consumer is no trigger, so an instance stays up to read.
        alwaysReady: feedStreamTransport == 'EventHubs' ? [ { name: 'http', instanceCount: 1 } ] : []
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        // The Functions host and the Durable task hub: identity-based storage connection.
        { name: 'AzureWebJobsStorage__accountName', value: storageName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'TaskHubName', value: taskHubName }
        // DefaultAzureCredential in LifeWindow's own clients picks the user-assigned identity by this.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // LifeWindow's stores and the feed stream (Storage queue) on Table and Queue storage.
        { name: 'Storage__Provider', value: 'Tables' }
        { name: 'Storage__TableServiceUri', value: tableEndpoint }
        { name: 'Storage__QueueServiceUri', value: queueEndpoint }
        { name: 'BatchImport__BlobServiceUri', value: blobEndpoint }
        // The feed stream: the feed-stream queue; EventHubs moves it to the hub below (docs/operations.md).
        { name: 'FeedStream__Transport', value: feedStreamTransport }
        { name: 'FeedStream__EventHubs__FullyQualifiedNamespace', value: eventHubsNamespace }
        { name: 'BatchImport__ReportContainer', value: 'whitelist-reports' }
        // Tokenization and dead letters.
        { name: 'Identity__PepperKeyId', value: pepperKeyId }
        { name: 'Identity__Pepper', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=identity-pepper-${pepperKeyId})' }
        { name: 'Identity__LocalRegionPrefixes__0', value: localRegionPrefix }
        { name: 'Identity__MatchingKeys__meituan', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=matching-key-meituan)' }
        // The dead-letter key; a rotation adds DeadLetters__Keys__d2 beside it and moves KeyId to d2.
        { name: 'DeadLetters__KeyId', value: 'd1' }
        { name: 'DeadLetters__Keys__d1', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=dead-letter-key-d1)' }
        // The bank's CRM.
        { name: 'Crm__BaseUrl', value: crmBaseUrl }
        { name: 'Crm__EventSource', value: 'urn:lifewindow' }
        { name: 'Crm__SigningSecrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=crm-signing-secret)' }
        // The partners that push webhooks: what each may call, and its secret (add a partner here and its secret in
        // the vault; partner ids use letters, digits and '_' only, as app setting names must).
        { name: 'Webhooks__Partners__gjj_shanghai__Scopes__0', value: 'provident-fund' }
        { name: 'Webhooks__Partners__gjj_shanghai__Secrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=webhook-gjj-shanghai)' }
        { name: 'Webhooks__Partners__bdc_shanghai__Scopes__0', value: 'property-registry' }
        { name: 'Webhooks__Partners__bdc_shanghai__Secrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=webhook-bdc-shanghai)' }
        { name: 'Webhooks__Partners__tax_platform__Scopes__0', value: 'tax' }
        { name: 'Webhooks__Partners__tax_platform__Secrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=webhook-tax-platform)' }
        { name: 'Webhooks__Partners__meituan__Scopes__0', value: 'consumption-scenes' }
        { name: 'Webhooks__Partners__meituan__Secrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=webhook-meituan)' }
        { name: 'Webhooks__Partners__bank_app__Scopes__0', value: 'consent' }
        { name: 'Webhooks__Partners__bank_app__Secrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=webhook-bank-app)' }
        { name: 'Webhooks__Partners__core_banking__Scopes__0', value: 'bank' }
        { name: 'Webhooks__Partners__core_banking__Secrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=webhook-core-banking)' }
        { name: 'Webhooks__Partners__crm__Scopes__0', value: 'crm-outcomes' }
        { name: 'Webhooks__Partners__crm__Secrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=webhook-crm)' }
      ]
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [ { category: 'FunctionAppLogs', enabled: true } ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
