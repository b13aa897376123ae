// LifeWindow on Azure (azd layout: azure.yaml at the repository root names this file). One resource group with
// the Functions app (Flex Consumption), its storage, the Event Hubs feed stream, Key Vault, Application Insights
// with Log Analytics, and the user-assigned identity every connection uses. Deploy: `azd up`, or
// `az deployment sub create --location chinaeast2 --template-file infra/main.bicep --parameters infra/main.bicepparam`.
// What each setting means: docs/configuration.md; how to operate it: docs/operations.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(32)
@description('Name of the environment (azd): becomes part of every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource, e.g. chinaeast2 (Azure operated by 21Vianet) or eastasia.')
param location string

@description('Base URL of the bank\'s CRM lead API.')
param crmBaseUrl string

@description('Key id of the tokenization pepper; its value is the Key Vault secret identity-pepper-<id>.')
param pepperKeyId string = 'k1'

@description('ID-number region prefix of the bank\'s own region (LocalResident tag), e.g. 3101 for Shanghai.')
param localRegionPrefix string = '3101'

@description('Durable Functions task hub name.')
param taskHubName string = 'lifewindow'

@description('Partitions of the Event Hubs feed stream.')
@minValue(1)
@maxValue(32)
param feedStreamPartitions int = 8

@description('The feed stream: StorageQueue (default) or EventHubs (docs/operations.md).')
@allowed([ 'StorageQueue', 'EventHubs' ])
param feedStreamTransport string = 'StorageQueue'

@description('Most instances Flex Consumption may scale the app to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance (MB).')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048

var abbrs = loadJsonContent('abbreviations.json')
var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'lifewindow' }

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: group
  params: {
    name: '${abbrs.managedIdentity}lifewindow-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: group
  params: {
    logAnalyticsName: '${abbrs.logAnalytics}${token}'
    applicationInsightsName: '${abbrs.applicationInsights}${token}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
  }
}

module storage 'app/storage.bicep' = {
  scope: group
  params: {
    name: '${abbrs.storageAccount}${token}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module eventHubs 'app/eventhubs.bicep' = {
  scope: group
  params: {
    name: '${abbrs.eventHubNamespace}${token}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
    partitionCount: feedStreamPartitions
  }
}

module keyVault 'app/keyvault.bicep' = {
  scope: group
  params: {
    name: '${abbrs.keyVault}${take(token, 20)}'
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functions 'app/functions.bicep' = {
  scope: group
  params: {
    name: '${abbrs.functionApp}lifewindow-${token}'
    planName: '${abbrs.appServicePlan}${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    keyVaultName: keyVault.outputs.name
    appInsightsConnectionString: monitoring.outputs.connectionString
    workspaceId: monitoring.outputs.workspaceId
    taskHubName: taskHubName
    pepperKeyId: pepperKeyId
    localRegionPrefix: localRegionPrefix
    crmBaseUrl: crmBaseUrl
    eventHubsNamespace: eventHubs.outputs.fullyQualifiedNamespace
    feedStreamTransport: feedStreamTransport
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output EVENT_HUBS_NAMESPACE string = eventHubs.outputs.fullyQualifiedNamespace
output SERVICE_FUNCTIONS_ENDPOINT string = 'https://${functions.outputs.defaultHostName}'
