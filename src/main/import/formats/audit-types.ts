/**
 * Graph's names for the unified audit log's numeric RecordType and UserType (`security.auditLogRecordType`,
 * `security.auditLogUserType`), copied from Microsoft Graph's v1.0 metadata (MIT licence, Copyright (c) 2018
 * Microsoft Graph). Exports carry the number (AuditData) or the name (the Purview RecordType column, Log
 * Analytics' UserType); records carry both, the number in auditData as the service wrote it.
 */

/** `number:Name` pairs, as in the metadata. */
const RECORD_TYPES =
  '1:ExchangeAdmin,2:ExchangeItem,3:ExchangeItemGroup,4:SharePoint,5:SyntheticProbe,' +
  '6:SharePointFileOperation,7:OneDrive,8:AzureActiveDirectory,9:AzureActiveDirectoryAccountLogon,' +
  '10:DataCenterSecurityCmdlet,11:ComplianceDLPSharePoint,12:Sway,13:ComplianceDLPExchange,' +
  '14:SharePointSharingOperation,15:AzureActiveDirectoryStsLogon,16:SkypeForBusinessPSTNUsage,' +
  '17:SkypeForBusinessUsersBlocked,18:SecurityComplianceCenterEOPCmdlet,' +
  '19:ExchangeAggregatedOperation,20:PowerBIAudit,21:CRM,22:Yammer,23:SkypeForBusinessCmdlets,' +
  '24:Discovery,25:MicrosoftTeams,28:ThreatIntelligence,29:MailSubmission,30:MicrosoftFlow,31:AeD,' +
  '32:MicrosoftStream,33:ComplianceDLPSharePointClassification,34:ThreatFinder,35:Project,' +
  '36:SharePointListOperation,37:SharePointCommentOperation,38:DataGovernance,39:Kaizala,' +
  '40:SecurityComplianceAlerts,41:ThreatIntelligenceUrl,42:SecurityComplianceInsights,43:MIPLabel,' +
  '44:WorkplaceAnalytics,45:PowerAppsApp,46:PowerAppsPlan,47:ThreatIntelligenceAtpContent,' +
  '48:LabelContentExplorer,49:TeamsHealthcare,50:ExchangeItemAggregated,51:HygieneEvent,' +
  '52:DataInsightsRestApiAudit,53:InformationBarrierPolicyApplication,' +
  '54:SharePointListItemOperation,55:SharePointContentTypeOperation,56:SharePointFieldOperation,' +
  '57:MicrosoftTeamsAdmin,58:HRSignal,59:MicrosoftTeamsDevice,60:MicrosoftTeamsAnalytics,' +
  '61:InformationWorkerProtection,62:Campaign,63:DLPEndpoint,64:AirInvestigation,65:Quarantine,' +
  '66:MicrosoftForms,67:ApplicationAudit,68:ComplianceSupervisionExchange,' +
  '69:CustomerKeyServiceEncryption,70:OfficeNative,71:MipAutoLabelSharePointItem,' +
  '72:MipAutoLabelSharePointPolicyLocation,73:MicrosoftTeamsShifts,74:SecureScore,' +
  '75:MipAutoLabelExchangeItem,76:CortanaBriefing,77:Search,78:WDATPAlerts,' +
  '79:PowerPlatformAdminDlp,80:PowerPlatformAdminEnvironment,81:MDATPAudit,' +
  '82:SensitivityLabelPolicyMatch,83:SensitivityLabelAction,84:SensitivityLabeledFileAction,' +
  '85:AttackSim,86:AirManualInvestigation,87:SecurityComplianceRBAC,88:UserTraining,' +
  '89:AirAdminActionInvestigation,90:MSTIC,91:PhysicalBadgingSignal,92:TeamsEasyApprovals,' +
  '93:AipDiscover,94:AipSensitivityLabelAction,95:AipProtectionAction,96:AipFileDeleted,' +
  '97:AipHeartBeat,98:MCASAlerts,99:OnPremisesFileShareScannerDlp,' +
  '100:OnPremisesSharePointScannerDlp,101:ExchangeSearch,102:SharePointSearch,' +
  '103:PrivacyDataMinimization,104:LabelAnalyticsAggregate,105:MyAnalyticsSettings,' +
  '106:SecurityComplianceUserChange,107:ComplianceDLPExchangeClassification,' +
  '108:ComplianceDLPEndpoint,109:MipExactDataMatch,110:MSDEResponseActions,111:MSDEGeneralSettings,' +
  '112:MSDEIndicatorsSettings,113:MS365DCustomDetection,114:MSDERolesSettings,115:MAPGAlerts,' +
  '116:MAPGPolicy,117:MAPGRemediation,118:PrivacyRemediationAction,119:PrivacyDigestEmail,' +
  '120:MipAutoLabelSimulationProgress,121:MipAutoLabelSimulationCompletion,' +
  '122:MipAutoLabelProgressFeedback,123:DlpSensitiveInformationType,' +
  '124:MipAutoLabelSimulationStatistics,125:LargeContentMetadata,126:Microsoft365Group,' +
  '127:CDPMlInferencingResult,128:FilteringMailMetadata,129:CDPClassificationMailItem,' +
  '130:CDPClassificationDocument,131:OfficeScriptsRunAction,132:FilteringPostMailDeliveryAction,' +
  '133:CDPUnifiedFeedback,134:TenantAllowBlockList,135:ConsumptionResource,136:HealthcareSignal,' +
  '138:DlpImportResult,139:CDPCompliancePolicyExecution,140:MultiStageDisposition,' +
  '141:PrivacyDataMatch,142:FilteringDocMetadata,143:FilteringEmailFeatures,144:PowerBIDlp,' +
  '145:FilteringUrlInfo,146:FilteringAttachmentInfo,147:CoreReportingSettings,' +
  '148:ComplianceConnector,149:PowerPlatformLockboxResourceAccessRequest,' +
  '150:PowerPlatformLockboxResourceCommand,151:CDPPredictiveCodingLabel,' +
  '152:CDPCompliancePolicyUserFeedback,153:WebpageActivityEndpoint,154:OMEPortal,' +
  '155:CMImprovementActionChange,156:FilteringUrlClick,157:MipLabelAnalyticsAuditRecord,' +
  '158:FilteringEntityEvent,159:FilteringRuleHits,160:FilteringMailSubmission,161:LabelExplorer,' +
  '162:MicrosoftManagedServicePlatform,163:PowerPlatformServiceActivity,' +
  '164:ScorePlatformGenericAuditRecord,165:FilteringTimeTravelDocMetadata,166:Alert,' +
  '167:AlertStatus,168:AlertIncident,169:IncidentStatus,170:Case,171:CaseInvestigation,' +
  '172:RecordsManagement,173:PrivacyRemediation,174:DataShareOperation,175:CdpDlpSensitive,' +
  '176:EHRConnector,177:FilteringMailGradingResult,178:PublicFolder,' +
  '179:PrivacyTenantAuditHistoryRecord,180:AipScannerDiscoverEvent,' +
  '181:EduDataLakeDownloadOperation,182:M365ComplianceConnector,' +
  '183:MicrosoftGraphDataConnectOperation,184:MicrosoftPurview,185:FilteringEmailContentFeatures,' +
  '186:PowerPagesSite,187:PowerAppsResource,188:PlannerPlan,189:PlannerCopyPlan,190:PlannerTask,' +
  '191:PlannerRoster,192:PlannerPlanList,193:PlannerTaskList,194:PlannerTenantSettings,' +
  '195:ProjectForTheWebProject,196:ProjectForTheWebTask,197:ProjectForTheWebRoadmap,' +
  '198:ProjectForTheWebRoadmapItem,199:ProjectForTheWebProjectSettings,' +
  '200:ProjectForTheWebRoadmapSettings,201:QuarantineMetadata,202:MicrosoftTodoAudit,' +
  '203:TimeTravelFilteringDocMetadata,204:TeamsQuarantineMetadata,' +
  '205:SharePointAppPermissionOperation,206:MicrosoftTeamsSensitivityLabelAction,' +
  '207:FilteringTeamsMetadata,208:FilteringTeamsUrlInfo,209:FilteringTeamsPostDeliveryAction,' +
  '210:MDCAssessments,211:MDCRegulatoryComplianceStandards,212:MDCRegulatoryComplianceControls,' +
  '213:MDCRegulatoryComplianceAssessments,214:MDCSecurityConnectors,215:MDADataSecuritySignal,' +
  '216:VivaGoals,217:FilteringRuntimeInfo,218:AttackSimAdmin,219:MicrosoftGraphDataConnectConsent,' +
  '220:FilteringAtpDetonationInfo,221:PrivacyPortal,222:ManagedTenants,' +
  '223:UnifiedSimulationMatchedItem,224:UnifiedSimulationSummary,225:UpdateQuarantineMetadata,' +
  '226:MS365DSuppressionRule,227:PurviewDataMapOperation,228:FilteringUrlPostClickAction,' +
  '229:IrmUserDefinedDetectionSignal,230:TeamsUpdates,231:PlannerRosterSensitivityLabel,' +
  '232:MS365DIncident,233:FilteringDelistingMetadata,' +
  '234:ComplianceDLPSharePointClassificationExtended,235:MicrosoftDefenderForIdentityAudit,' +
  '236:SupervisoryReviewDayXInsight,237:DefenderExpertsforXDRAdmin,238:CDPEdgeBlockedMessage,' +
  '239:HostedRpa,240:CdpContentExplorerAggregateRecord,241:CDPHygieneAttachmentInfo,' +
  '242:CDPHygieneSummary,243:CDPPostMailDeliveryAction,244:CDPEmailFeatures,245:CDPHygieneUrlInfo,' +
  '246:CDPUrlClick,247:CDPPackageManagerHygieneEvent,248:FilteringDocScan,' +
  '249:TimeTravelFilteringDocScan,250:MAPGOnboard,251:VfamCreatePolicy,252:VfamUpdatePolicy,' +
  '253:VfamDeletePolicy,254:M365DAAD,255:CdpColdCrawlStatus,256:PowerPlatformAdministratorActivity,' +
  '257:Windows365CustomerLockbox,258:CdpResourceScopeChangeEvent,' +
  '259:ComplianceCCExchangeExecutionResult,260:CdpOcrCostEstimatorRecord,261:CopilotInteraction,' +
  '262:CdpOcrBillingRecord,263:ComplianceDLPApplications,264:UAMOperation,265:VivaLearning,' +
  '266:VivaLearningAdmin,267:PurviewPolicyOperation,268:PurviewMetadataPolicyOperation,' +
  '269:PeopleAdminSettings,270:CdpComplianceDLPExchangeClassification,' +
  '271:CdpComplianceDLPSharePointClassification,272:FilteringBulkSenderInsightData,' +
  '273:FilteringBulkThresholdInsightData,274:PrivacyOpenAccess,275:OWAAuth,' +
  '276:ComplianceDLPApplicationsClassification,277:SharePointESignature,' +
  '278:Dynamics365BusinessCentral,279:MeshWorlds,280:VivaPulseResponse,281:VivaPulseOrganizer,' +
  '282:VivaPulseAdmin,283:VivaPulseReport,284:AIAppInteraction,285:ComplianceDLMExchange,' +
  '286:ComplianceDLMSharePoint,287:ProjectForTheWebAssignedToMeSettings,288:CPSOperation,' +
  '289:ComplianceDLPExchangeDiscovery,290:PurviewMCRecommendation,' +
  '291:ComplianceDLPEndpointDiscovery,292:InsiderRiskScopedUserInsights,' +
  '293:MicrosoftTeamsRetentionLabelAction,294:AadRiskDetection,295:AuditSearch,' +
  '296:AuditRetentionPolicy,297:AuditConfig,298:Microsoft365BackupBackupPolicy,' +
  '299:Microsoft365BackupRestoreTask,300:Microsoft365BackupRestoreItem,' +
  '301:Microsoft365BackupBackupItem,302:URBACAssignment,303:URBACRole,304:URBACEnableState,' +
  '305:IRMSecurityAlert,306:PurviewInsiderRiskCases,307:PurviewInsiderRiskAlerts,' +
  '308:InsiderRiskScopedUsers,309:CdpConsumptionResource,310:CreateCopilotPlugin,' +
  '311:UpdateCopilotPlugin,312:DeleteCopilotPlugin,313:EnableCopilotPlugin,' +
  '314:DisableCopilotPlugin,315:CreateCopilotWorkspace,316:UpdateCopilotWorkspace,' +
  '317:DeleteCopilotWorkspace,318:EnableCopilotWorkspace,319:DisableCopilotWorkspace,' +
  '320:CreateCopilotPromptBook,321:UpdateCopilotPromptBook,322:DeleteCopilotPromptBook,' +
  '323:EnableCopilotPromptBook,324:DisableCopilotPromptBook,325:UpdateCopilotSettings,' +
  '326:P4AIAssessmentRecord,327:P4AIAssessmentLocationResultRecord,328:ConnectedAIAppInteraction,' +
  '329:PrivaPrivacyConsentOperation,330:PrivaPrivacyAssessmentOperation,' +
  '331:DataCatalogAccessRequests,332:ComplianceSettingsChange,333:DataSecurityInvestigation,' +
  '334:TeamCopilotInteraction,335:IRMActivityAuditTrail,336:SharePointContentSecurityPolicy,' +
  '337:CloudUpdateProfileConfig,338:CloudUpdateTenantConfig,339:CloudUpdateDeviceConfig,' +
  '340:DefenderPreviewFeatures,341:DeviceDiscoverySettingsExclusion,' +
  '342:DeviceDiscoverySettingsAuthenticatedScans,343:CriticalAssetManagementClassification,' +
  '344:DeviceDiscoverySettings,345:USXWorkspaceOnboarding,346:VivaGlintAdvancedConfiguration,' +
  '347:VivaGlintPulseProgram,348:VivaGlintPulseProgramRespondentRate,349:VivaGlintQuestion,' +
  '350:VivaGlintRole,351:VivaGlintRubicon,352:VivaGlintSupportAccess,353:VivaGlintSystem,' +
  '354:VivaGlintUser,355:VivaGlintUserGroup,356:VivaGlintFeedbackProgram,357:FabricAudit,' +
  '358:TrainableClassifier,359:WebContentFiltering,360:NoisyAlertPolicy,' +
  '361:OnDemandSharePointClassification,362:AIInteractionsExport,' +
  '363:Microsoft365CopilotScheduledPrompt,364:PlacesDirectory,365:MDAAudit,' +
  '366:OpticalCharacterRecognition,368:M365SearchSections,369:OfficeClientRestrictedModeAction,' +
  '370:CrossTenantAccessPolicy,371:OutlookCopilotAutomation,372:VivaEngageNetworkAssociation,' +
  '373:AppAdminActivity,374:AppSettingsAdminActivity,375:UniversalPrintPrintJob,' +
  '376:SentinelNotebookOnLake,377:SentinelJob,378:SentinelGraph,379:SentinelKQLOnLake,' +
  '380:SentinelPackage,381:VivaAmplifyOutlookSensitivityLabel,382:CopilotActions,' +
  '383:AIInteractionsSubscription,384:AIInteractionsChangeNotification,' +
  '385:FilteringMailMetadataExtended,386:SentinelLakeOnboarding,387:SentinelLakeDataOnboarding,' +
  '388:OfficeRestrictedModeAction,389:CopilotForSecurityTrigger,390:CopilotAgentManagement,' +
  '391:P4AIAssessmentFabricScannerRecord,392:PlannerGoal,393:PlannerGoalList,' +
  '394:ThreatIntelligenceObject,395:ThreatIntelligenceExport,396:SubmissionAgenticGradingResult,' +
  '397:AgentAdminActivity,398:DeployFeatureActivity,399:AgentSettingsAdminActivity,' +
  '400:OrganizationalDataInM365,401:PlannerChatMessage,402:PlannerChatMessageList,' +
  '403:SentinelAITool,404:M365ODSPAssetMetadata,405:AIExecuteTool,406:AIInvokeAgent,' +
  '407:AIInferenceCall,408:CdpClassifierHealthRecord,409:SensitiveInfoRemediationAgentData,' +
  '410:ComplianceDLPEnforcement,411:A365AIExecuteTool,412:A365AIInvokeAgent,' +
  '413:A365AIInferenceCall,414:VivaEngageSegment,415:RTIOperationsAgent,416:ContentStoreMetadata,' +
  '417:CCRAIPolicyViolation,418:PlannerPlanSensitivityLabel,419:MosAgentInfoRecord,' +
  '420:A365AIRunSummary,421:UnifiedCatalogConceptAction,422:DefenderCaseManagement,' +
  '423:CopilotForSecurityLogging,424:VivaEngageEvents,425:CallActivityEvent,' +
  '426:SonarDetonationContentMetadata,427:UniversalPrintManagement,428:YammerUserHiding,' +
  '429:Microsoft365BackupGranularBrowseTask,430:PurviewPostureAgent,431:MSDECustomCollection,' +
  '432:SCPUsageEvent,433:SCPConfigurationEvent,434:MDCConfigurationEvent,435:MDCUsageEvent,' +
  '436:A365SpanOutputs,437:PowerPlatformTenantIsolation,438:CDPDLMAIInteractionInsights,' +
  '439:P4AIAssessmentCategoryRecord,440:SentinelLakeEncryption,441:AZFWNetworkRule,' +
  '442:AZFWDnsQuery,443:AZFWApplicationRuleAggregation,444:TeamsEvalDataHubDataAccess,' +
  '445:TeamsEvalDataHubPermissionChange,446:TeamsEvalDataHubAdminOperation,' +
  '447:VivaGlintOrganizationalData,448:AlertSubmission,449:AlertSubmissionResultDetail,' +
  '450:ComplianceSitGradingSharePoint,451:CompliancePolicyGradingSharePoint,452:AzureAISearchAudit,' +
  '453:P4AIRiskScoreRecord,454:DragonCopilotAdmin,455:AISpanOutputs,456:EopSubmissionFeedEntity,' +
  '457:SonarFileDetonationEntity,458:SonarSubmissionEntity,459:SonarUrlDetonationEntity,' +
  '460:SubmissionEntity,461:SonarDetonationEntity,462:MicrosoftTeamsUserConcern,' +
  '463:VivaGlintAgenticCampaign,464:MSPVectorSearchContentMetadata,465:FabricPolicy,' +
  '466:SecurityCopilotAgentIdentityManagement,467:CopilotSessionSharing,468:DragonCopilotAccess,' +
  '469:DragonCopilotClinicalData,470:DragonCopilotSession,471:MosAgentInfoRecordV2,' +
  '472:SecurityDevelopmentLifecycleAILog,473:MDASH,474:DefenderSecurityForAIConfiguration,' +
  '475:SparkCoreCustomLivePool';

const USER_TYPES =
  '0:Regular,1:Reserved,2:Admin,3:DcAdmin,4:System,5:Application,6:ServicePrincipal,7:CustomPolicy,8:SystemPolicy,9:PartnerTechnician,10:Guest';

function table(pairs: string): { byNumber: Map<number, string>; byName: Map<string, number> } {
  const byNumber = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const pair of pairs.split(',')) {
    const [n, name] = pair.split(':') as [string, string];
    byNumber.set(Number(n), name);
    byName.set(name.toLowerCase(), Number(n));
  }
  return { byNumber, byName };
}

const recordTypes = table(RECORD_TYPES);
const userTypes = table(USER_TYPES);

/** A record or user type as given (number, numeric text or name) → its number and Graph name, where known. */
function lookup(t: ReturnType<typeof table>, raw: unknown): { number: number | undefined; name: string | undefined } {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return { number: undefined, name: undefined };
  if (/^\d+$/.test(text)) return { number: Number(text), name: t.byNumber.get(Number(text)) };
  const number = t.byName.get(text.toLowerCase());
  return { number, name: number === undefined ? text : t.byNumber.get(number) };
}

export const recordType = (raw: unknown) => lookup(recordTypes, raw);
export const userType = (raw: unknown) => lookup(userTypes, raw);
