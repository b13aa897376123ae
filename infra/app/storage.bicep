// One storage account for everything the app keeps: the Functions host and the Durable task hub (blobs,
// queues, tables), LifeWindow's tables (profiles, facts, windows, leads, ledgers, audit), the feed-stream and
// whitelist-imports queues, the deployment package and the whitelist files. Shared keys are off: the app's
// identity gets data roles, nothing else can read it.
param name string
param location string
param tags object
param identityPrincipalId string
param workspaceId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The Flex Consumption deployment package; whitelist files partners drop; the import reports.
resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in [ 'deployments', 'whitelist-drops', 'whitelist-reports' ]: {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The feed stream (StorageQueueFeedStream.QueueName) and the whitelist drops' notifications
// (WhitelistBlobImportFunction.QueueName); the app creates them too, so they exist before Event Grid delivers.
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in [ 'feed-stream', 'whitelist-imports' ]: {
  parent: queueService
  name: queue
}]

// A file dropped in whitelist-drops becomes a message on whitelist-imports (an Event Grid BlobCreated event).
resource blobEvents 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: '${name}-blobs'
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

var queueMessageSender = 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'

resource eventsMaySend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, blobEvents.id, queueMessageSender)
  scope: storage
  properties: {
    principalId: blobEvents.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueMessageSender)
  }
}

resource whitelistDrops 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: blobEvents
  name: 'whitelist-drops'
  dependsOn: [ eventsMaySend, queues ]
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/whitelist-drops/'
    }
    deliveryWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: 'whitelist-imports'
          queueMessageTimeToLiveInSeconds: 604800
        }
      }
    }
  }
}

// What the Functions host, the Durable Task Azure Storage backend and LifeWindow's stores need, and no more:
// blob data owner (task hub leases and large messages, deployment package), queue and table data contributor.
var roles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  name: guid(storage.id, identityPrincipalId, role)
  scope: storage
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: storage
  properties: {
    workspaceId: workspaceId
    metrics: [ { category: 'Transaction', enabled: true } ]
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
