<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="31" />
        <source>前台操作</source>
        <translation>Front desk action</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="38" />
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="39" />
        <source>归属:%1</source>
        <translation>Owner: %1</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="46" />
        <source>1  登记到店</source>
        <translation>1  Log store visit</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="60" />
        <source>%1(受邀 %2,已到 %3)</source>
        <translation>%1 (invited %2, arrived %3)</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="71" />
        <source>2  会议签到</source>
        <translation>2  Meeting check-in</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="77" />
        <source>今天没有会议,不能签到。</source>
        <translation>There is no meeting today; check-in is not possible.</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/actions.py" line="78" />
        <source>Esc  取消</source>
        <translation>Esc  Cancel</translation>
    </message>
</context>
<context>
    <name>AddCardsDialog</name>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="164" />
        <source>向批次添加档案</source>
        <translation>Add cards to the batch</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="166" />
        <source>档案号,用空格、逗号或换行分隔</source>
        <translation>Card numbers, separated by spaces, commas or line breaks</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="171" />
        <source>档案号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="173" />
        <source>收集部门</source>
        <translation>Collecting department</translation>
    </message>
</context>
<context>
    <name>AllocationTab</name>
    <message>
        <location filename="../../ui/allocation/tab.py" line="23" />
        <source>分配批次</source>
        <translation>Batches</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/tab.py" line="27" />
        <source>公司资源池</source>
        <translation>Company pool</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="52" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="53" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AnswerLabel</name>
    <message>
        <location filename="../../ui/widgets.py" line="57" />
        <source>%1:%2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/application.py" line="126" />
        <source>本店服务器</source>
        <translation>Office server</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="145" />
        <location filename="../../ui/application.py" line="225" />
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="222" />
        <source>数据库正在使用</source>
        <translation>Database in use</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="259" />
        <source>每日备份没有完成</source>
        <translation>Daily backup not completed</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="260" />
        <source>今天的自动备份没有完成:%1</source>
        <translation>Today's automatic backup did not complete: %1</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="281" />
        <source>本店服务器备份</source>
        <translation>Office server backup</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="289" />
        <source>启动检查</source>
        <translation>Startup check</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="367" />
        <source>演示账户(用户名 / 密码):</source>
        <translation>Demo accounts (user name / password):</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="384" />
        <location filename="../../ui/application.py" line="417" />
        <location filename="../../ui/application.py" line="429" />
        <source>演示办公室</source>
        <translation>Demo office</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="387" />
        <source>这个演示办公室是按 %1 生成的,今天是 %2。这几天里到期的预热、回访和名单都已过期,打开后会有许多顾客因期限已过而变动归属。

要按今天重新生成演示办公室吗?原来的演示数据将被替换。</source>
        <translation>This demo office was generated for %1; today is %2. The pre-heats, callbacks and lists due in between have all expired, so on opening, many customers will change owner because their deadlines have passed.

Regenerate the demo office for today? The existing demo data will be replaced.</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="396" />
        <source>按今天重新生成</source>
        <translation>Regenerate for today</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="398" />
        <source>照旧打开</source>
        <translation>Open anyway</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="418" />
        <source>这个版本还没有演示数据生成器,无法创建演示办公室。</source>
        <translation>This version has no demo generator; the demo office cannot be created.</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="422" />
        <source>正在生成演示办公室(%1 位顾客),请稍候…</source>
        <translation>Building the demo office (%1 customers), please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="425" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AuditActions</name>
    <message>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>账户锁定</source>
        <translation>Account locked</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <source>重置密码</source>
        <translation>Password reset</translation>
    </message>
    <message>
        <source>新建部门</source>
        <translation>New department</translation>
    </message>
    <message>
        <source>部门改名</source>
        <translation>Department renamed</translation>
    </message>
    <message>
        <source>新建员工</source>
        <translation>New staff member</translation>
    </message>
    <message>
        <source>员工离职</source>
        <translation>Staff member left</translation>
    </message>
    <message>
        <source>修改设置</source>
        <translation>Setting changed</translation>
    </message>
    <message>
        <source>新建档案</source>
        <translation>New card</translation>
    </message>
    <message>
        <source>归档档案</source>
        <translation>Card archived</translation>
    </message>
    <message>
        <source>归属变更</source>
        <translation>Ownership change</translation>
    </message>
    <message>
        <source>重新分配</source>
        <translation>Reallocation</translation>
    </message>
    <message>
        <source>裁决</source>
        <translation>Ruling</translation>
    </message>
    <message>
        <source>报名</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>分配</source>
        <translation>Allocation</translation>
    </message>
    <message>
        <source>到会</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>出货</source>
        <translation>Purchase</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>投诉处理</source>
        <translation>Complaint resolved</translation>
    </message>
    <message>
        <source>安排会议</source>
        <translation>Meeting scheduled</translation>
    </message>
    <message>
        <source>报送名单</source>
        <translation>List submitted</translation>
    </message>
    <message>
        <source>申请调阅</source>
        <translation>Lookup requested</translation>
    </message>
    <message>
        <source>批准调阅</source>
        <translation>Lookup approved</translation>
    </message>
    <message>
        <source>驳回调阅</source>
        <translation>Lookup rejected</translation>
    </message>
    <message>
        <source>调阅档案</source>
        <translation>Card looked up</translation>
    </message>
    <message>
        <source>到店登记</source>
        <translation>Store visit logged</translation>
    </message>
    <message>
        <source>前台查询</source>
        <translation>Front-desk lookup</translation>
    </message>
    <message>
        <source>登录失败</source>
        <translation>Failed login</translation>
    </message>
    <message>
        <source>查看失去的顾客</source>
        <translation>Viewed lost customers</translation>
    </message>
    <message>
        <source>跨部门邀约报告(R8)</source>
        <translation>Cross-department invitation report (R8)</translation>
    </message>
    <message>
        <source>随案结案</source>
        <translation>Closed with a related case</translation>
    </message>
    <message>
        <source>越权被拒</source>
        <translation>Refused: no permission</translation>
    </message>
    <message>
        <source>批量分配</source>
        <translation>Batch allocation</translation>
    </message>
    <message>
        <source>批量报名</source>
        <translation>Batch registration</translation>
    </message>
    <message>
        <source>员工改名</source>
        <translation>Staff renamed</translation>
    </message>
    <message>
        <source>接受建议</source>
        <translation>Proposal accepted</translation>
    </message>
    <message>
        <source>改判</source>
        <translation>Overridden</translation>
    </message>
    <message>
        <source>上报总经理</source>
        <translation>Escalated to GM</translation>
    </message>
    <message>
        <source>总经理终裁</source>
        <translation>GM's final ruling</translation>
    </message>
    <message>
        <source>导出案件登记簿</source>
        <translation>Case register exported</translation>
    </message>
    <message>
        <source>修改档案</source>
        <translation>Card edited</translation>
    </message>
    <message>
        <source>恢复档案</source>
        <translation>Card restored</translation>
    </message>
    <message>
        <source>导出档案</source>
        <translation>Cards exported</translation>
    </message>
    <message>
        <source>关联家庭</source>
        <translation>Household linked</translation>
    </message>
    <message>
        <source>解除家庭关联</source>
        <translation>Household link ended</translation>
    </message>
    <message>
        <source>表单并入已有档案</source>
        <translation>Form merged into existing card</translation>
    </message>
    <message>
        <source>附扫描件</source>
        <translation>Scan attached</translation>
    </message>
    <message>
        <source>新建分配批次</source>
        <translation>Allocation batch created</translation>
    </message>
    <message>
        <source>批次加入档案</source>
        <translation>Card added to batch</translation>
    </message>
    <message>
        <source>批次处理</source>
        <translation>Batch processed</translation>
    </message>
    <message>
        <source>确认分配</source>
        <translation>Allocation confirmed</translation>
    </message>
    <message>
        <source>调换分配</source>
        <translation>Allocation swapped</translation>
    </message>
    <message>
        <source>退回批次</source>
        <translation>Batch returned</translation>
    </message>
    <message>
        <source>登记回访</source>
        <translation>Callback recorded</translation>
    </message>
    <message>
        <source>回访任务完成</source>
        <translation>Callback duty done</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>恢复备份</source>
        <translation>Backup restored</translation>
    </message>
    <message>
        <source>登记预热</source>
        <translation>Pre-heat recorded</translation>
    </message>
    <message>
        <source>登记邀约</source>
        <translation>Invitation recorded</translation>
    </message>
    <message>
        <source>登记列入联合会议名单</source>
        <translation>Put on joint-meeting list</translation>
    </message>
    <message>
        <source>登记投诉</source>
        <translation>Complaint recorded</translation>
    </message>
    <message>
        <source>登记投诉已处理</source>
        <translation>Complaint resolved</translation>
    </message>
    <message>
        <source>登记员工离职</source>
        <translation>Staff departure recorded</translation>
    </message>
    <message>
        <source>登记重新分配</source>
        <translation>Reassignment recorded</translation>
    </message>
    <message>
        <source>登记裁决</source>
        <translation>Ruling recorded</translation>
    </message>
    <message>
        <source>登记到店</source>
        <translation>Store visit recorded</translation>
    </message>
    <message>
        <source>拆分误合并的表</source>
        <translation>Split a wrongly merged form</translation>
    </message>
    <message>
        <source>移出批次</source>
        <translation>Card removed from batch</translation>
    </message>
    <message>
        <source>拆分:新档案代替加入批次</source>
        <translation>Split: new card takes the place on the batch</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../ui/audit_tab.py" line="69" />
        <source>记录时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="70" />
        <source>发生时间</source>
        <translation>Happened at</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="71" />
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="72" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="73" />
        <source>顾客档案</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="74" />
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="75" />
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="76" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="77" />
        <source>规则</source>
        <translation>Rule</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <location filename="../../ui/audit_tab.py" line="163" />
        <source>全部用户</source>
        <translation>All users</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="165" />
        <source>顾客档案号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="168" />
        <source>按日期(&amp;D)</source>
        <translation>By &amp;date</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="178" />
        <source>查询(&amp;S)</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="180" />
        <source>导出 Excel(&amp;X)…</source>
        <translation>E&amp;xport to Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="184" />
        <source>用户(&amp;U):</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="191" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="257" />
        <source>,向下滚动加载更多</source>
        <translation>; scroll down to load more</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="258" />
        <source>显示 %1 条%2</source>
        <translation>Showing %1 entries%2</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="264" />
        <source>导出审计日志</source>
        <translation>Export audit log</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="276" />
        <source>正在导出审计日志…</source>
        <translation>Exporting the audit log…</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.py" line="282" />
        <source>已导出 %1 条到 %2</source>
        <translation>Exported %1 entries to %2</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <location filename="../../ui/settings/backup.py" line="22" />
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="22" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="22" />
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="22" />
        <source>这个文件夹里还没有备份。</source>
        <translation>This folder holds no backups yet.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="24" />
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="25" />
        <source>恢复所选备份…</source>
        <translation>Restore selected backup…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="26" />
        <source>从其他文件恢复…</source>
        <translation>Restore from another file…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="29" />
        <source>每天第一次启动时自动备份;保留最近 30 天每天一份、最近 12 个月每月一份。恢复前会先检查备份文件,并保留当前数据库的副本。恢复后请所有电脑重新启动程序。</source>
        <translation>A backup is made automatically at the first start of each day; one per day is kept for the last 30 days and one per month for the last 12 months. Before restoring, the backup file is checked and a copy of the current database is kept. After restoring, restart the program on every PC.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="53" />
        <source>备份文件夹:%1</source>
        <translation>Backup folder: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="76" />
        <source>已备份</source>
        <translation>Backed up</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="76" />
        <source>已备份到 %1</source>
        <translation>Backed up to %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="82" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="82" />
        <source>请先选中一份备份。</source>
        <translation>Select a backup first.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="88" />
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="88" />
        <source>数据库备份 (*.db *.bak)</source>
        <translation>Database backups (*.db *.bak)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="101" />
        <source>恢复数据库</source>
        <translation>Restore database</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="102" />
        <source>用 %1 替换当前数据库?当前数据库会先保留一份副本。恢复后程序将关闭,请重新启动。</source>
        <translation>Replace the current database with %1? A copy of the current database is kept first. The program will close after restoring; please start it again.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="115" />
        <source>已恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location filename="../../ui/settings/backup.py" line="116" />
        <source>数据库已恢复。原来的数据库保留在 %1。程序现在关闭,请重新启动。</source>
        <translation>The database has been restored. The previous database was kept at %1. The program will now close; please start it again.</translation>
    </message>
</context>
<context>
    <name>BatchListModel</name>
    <message>
        <location filename="../../ui/allocation/models.py" line="119" />
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="120" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="121" />
        <source>分配程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="122" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="123" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="124" />
        <source>档案</source>
        <translation>Cards</translation>
    </message>
</context>
<context>
    <name>BatchPanel</name>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="43" />
        <source>批次(活动表格)</source>
        <translation>Batch (event forms)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="53" />
        <source>收集部门</source>
        <translation>Collecting department</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="58" />
        <source>新建批次…</source>
        <translation>New batch…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="59" />
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="60" />
        <source>删除批次…</source>
        <translation>Delete batch…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="61" />
        <source>移出选中档案…</source>
        <translation>Remove selected cards…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="62" />
        <source>处理(查重)</source>
        <translation>Process (duplicate check)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="63" />
        <source>返还部门</source>
        <translation>Return to department</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="65" />
        <source>合并到已有档案</source>
        <translation>Merge into existing card</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="66" />
        <source>关联为家人…</source>
        <translation>Link as family…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="67" />
        <source>确认是新顾客</source>
        <translation>Confirm new customer</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="78" />
        <source>本叠表格属于</source>
        <translation>This stack of forms belongs to</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="132" />
        <source>— 不属于批次:来访、电话、转介等,须选登记员工 —</source>
        <translation>— No batch: walk-ins, phone calls, referrals, etc.; choose the registering staff —</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="196" />
        <source>未选批次:每张表须选登记员工,保存即登记(R1)。</source>
        <translation>No batch selected: choose the registering staff for each form; saving registers the customer (R1).</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="198" />
        <source>(未选)</source>
        <translation>(none selected)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="200" />
        <source>%1 · %2 · %3 · 交档案人 %4 · 参加:%5 — %6 张,%7。本批表格不需选登记员工,归属由分配决定。</source>
        <translation>%1 · %2 · %3 · cards handed in by %4 · participants: %5 — %6 cards, %7. No registering staff needed for this batch; ownership is decided by allocation.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="248" />
        <source>删除批次</source>
        <translation>Delete batch</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="248" />
        <source>删除批次“%1”的原因:</source>
        <translation>Reason for deleting batch "%1":</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="265" />
        <location filename="../../ui/intake/batch_panel.py" line="269" />
        <source>移出档案</source>
        <translation>Remove card</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="265" />
        <source>请先在批次的档案列表中选中要移出的档案。</source>
        <translation>First select the cards to remove in the batch's card list.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="269" />
        <source>把档案 %1 移出本批次的原因:</source>
        <translation>Reason for removing card %1 from this batch:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="316" />
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="316" />
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="316" />
        <source>子女</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="317" />
        <source>档案 %1 是档案 %2 的:</source>
        <translation>Card %1 is card %2's:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="319" />
        <source>关联为家人</source>
        <translation>Link as family</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="337" />
        <source>处理完毕:%1 张待分配,%2 张未分配(见列表中的说明)。</source>
        <translation>Processed: %1 cards ready for allocation, %2 not allocated (see notes in the list).</translation>
    </message>
    <message>
        <location filename="../../ui/intake/batch_panel.py" line="352" />
        <source>批次“%1”已返还:%2。部门经理在“档案分配”页会看到它。</source>
        <translation>Batch "%1" returned: %2. The department manager will see it on the "Card allocation" page.</translation>
    </message>
</context>
<context>
    <name>BatchesPage</name>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="79" />
        <source>新建批次(&amp;N)</source>
        <translation>&amp;New batch</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="82" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="102" />
        <location filename="../../ui/allocation/batches_page.py" line="231" />
        <source>请在左边选择一个批次。</source>
        <translation>Select a batch on the left.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="105" />
        <source>添加档案(&amp;A)</source>
        <translation>&amp;Add cards</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="106" />
        <source>处理(查重)(&amp;P)</source>
        <translation>&amp;Process (duplicate check)</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="107" />
        <source>返还各部门(&amp;R)</source>
        <translation>&amp;Return to departments</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="109" />
        <source>调换档案(&amp;S)…</source>
        <translation>&amp;Swap cards…</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="110" />
        <source>确认分配(&amp;C)</source>
        <translation>&amp;Confirm allocation</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="111" />
        <source>导出分配表(&amp;E)</source>
        <translation>&amp;Export allocation sheet</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="112" />
        <source>打印分配表(&amp;T)…</source>
        <translation>Prin&amp;t allocation sheet…</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="108" />
        <source>预览分配(&amp;Y)</source>
        <translation>Pre&amp;view allocation</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="137" />
        <source>未分配的档案(已有归属、在资源池、重复或待决定的可能重复)</source>
        <translation>Unallocated cards (already owned, in the pool, duplicates, or possible duplicates awaiting a decision)</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="190" />
        <source>已返还、等待分配的批次 %1 个:%2</source>
        <translation>%1 batches returned and awaiting allocation: %2</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="246" />
        <source>%1 · %2 · %3 · %4 — 参加:%5 — 档案 %6 张,分配 %7 张</source>
        <translation>%1 · %2 · %3 · %4 — participants: %5 — %6 cards, %7 allocated</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="248" />
        <source>%1 · %2 · %3 · %4 — 参加:%5 — 档案 %6 张,待分配 %7 张</source>
        <translation>%1 · %2 · %3 · %4 — taking part: %5 — %6 cards, %7 to allocate</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="313" />
        <source>已添加 %1 张档案;%2 张原已在本批次中。</source>
        <translation>Added %1 cards; %2 were already in this batch.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="317" />
        <source>添加档案</source>
        <translation>Add cards</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="326" />
        <source>正在处理,请稍候……</source>
        <translation>Processing, please wait…</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="326" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="347" />
        <source>正在写入分配记录:%1 / %2 张</source>
        <translation>Writing allocation records: %1 / %2 cards</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="423" />
        <source>已确认的分配:%1 张分给 %2 人。余数顺序:%3</source>
        <translation>Allocation confirmed: %1 cards to %2 people. Remainder order: %3</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="434" />
        <source>分配规则:%1
余数顺序:%2</source>
        <translation>Allocation rule: %1
Remainder order: %2</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="446" />
        <location filename="../../ui/allocation/batches_page.py" line="451" />
        <location filename="../../ui/allocation/batches_page.py" line="456" />
        <source>调换档案</source>
        <translation>Swap cards</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="446" />
        <source>请先在右边的档案列表中选中要调换的档案。</source>
        <translation>First select the card to swap in the card list on the right.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="450" />
        <source>把档案 %1 (连同同一家庭的档案)调给:</source>
        <translation>Give card %1 (with the cards of the same household) to:</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="455" />
        <source>这次调换后分配不再平均:%1。仍要调换吗?</source>
        <translation>After this swap the allocation is no longer even: %1. Swap anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="473" />
        <source>确认把 %1 张档案分配给 %2 人?确认后即开始计算预热期限,不能撤销。</source>
        <translation>Allocate %1 cards to %2 people? Pre-heat deadlines start counting once confirmed; this cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="476" />
        <source>各人张数:%1</source>
        <translation>Cards per person: %1</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="479" />
        <source>注意:调换后分配不再平均:%1。</source>
        <translation>Note: after the swap the allocation is no longer even: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="480" />
        <source>确认分配</source>
        <translation>Confirm allocation</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="498" />
        <source>导出分配表</source>
        <translation>Export allocation sheet</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="508" />
        <source>分配表已导出到 %1</source>
        <translation>Allocation sheet exported to %1</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/batches_page.py" line="520" />
        <source>分配表 %1</source>
        <translation>Allocation sheet %1</translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="113" />
        <source>登记回访 — %1</source>
        <translation>Record callback — %1</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="120" />
        <source>家访</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="121" />
        <source>电话回访</source>
        <translation>Phone callback</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="122" />
        <source>专家电话回访</source>
        <translation>Expert phone callback</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="123" />
        <source>专家陪同家访</source>
        <translation>Joint visit with the expert</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="131" />
        <source>交回回访表</source>
        <translation>Hand in callback form</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="132" />
        <source>顾客亲自签字</source>
        <translation>Signed by the customer</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="136" />
        <source>附签字回访表扫描件…</source>
        <translation>Attach scan of signed callback form…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="137" />
        <source>(未附扫描件)</source>
        <translation>(no scan attached)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="138" />
        <source>签字已核实(经理或专家复核)</source>
        <translation>Signature verified (checked by manager or expert)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="141" />
        <source>(未评)</source>
        <translation>(not rated)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="143" />
        <source>5 非常满意</source>
        <translation>5 very satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="144" />
        <source>4 满意</source>
        <translation>4 satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="145" />
        <source>3 一般</source>
        <translation>3 neutral</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="146" />
        <source>2 不满意</source>
        <translation>2 dissatisfied</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="147" />
        <source>1 很不满意</source>
        <translation>1 very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="156" />
        <source>方式</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="160" />
        <source>扫描件</source>
        <translation>Scan</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="162" />
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="163" />
        <source>记录</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="185" />
        <source>选择签字回访表扫描件</source>
        <translation>Choose scan of signed callback form</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="186" />
        <source>图片或 PDF (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)</source>
        <translation>Images or PDF (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="227" />
        <source>顾客手机或电话号码</source>
        <translation>Customer's mobile or phone number</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="238" />
        <source>(号码未输完整)</source>
        <translation>(number incomplete)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="243" />
        <source>没有这个号码的顾客档案</source>
        <translation>No customer card has this number</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="250" />
        <source>请输入已登记顾客的电话号码。</source>
        <translation>Enter the phone number of a registered customer.</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="268" />
        <source>出货登记</source>
        <translation>Record purchase</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="323" />
        <source>登记投诉</source>
        <translation>Record complaint</translation>
    </message>
</context>
<context>
    <name>CallbackKinds</name>
    <message>
        <source>回访表</source>
        <translation>Callback form</translation>
    </message>
    <message>
        <source>家访</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <source>电话回访</source>
        <translation>Phone callback</translation>
    </message>
    <message>
        <source>专家电话回访</source>
        <translation>Expert's phone callback</translation>
    </message>
    <message>
        <source>专家陪同家访</source>
        <translation>Home visit with the expert</translation>
    </message>
</context>
<context>
    <name>CallbackTasks</name>
    <message>
        <source>出货后2日内交回访表</source>
        <translation>Callback form within 2 days of purchase</translation>
    </message>
    <message>
        <source>出货后第3天家访</source>
        <translation>Home visit on day 3 after purchase</translation>
    </message>
    <message>
        <source>出货后第15天家访</source>
        <translation>Home visit on day 15 after purchase</translation>
    </message>
    <message>
        <source>出货后第30天家访</source>
        <translation>Home visit on day 30 after purchase</translation>
    </message>
    <message>
        <source>专家陪同家访(第5–9天)</source>
        <translation>Home visit with expert (days 5–9)</translation>
    </message>
    <message>
        <source>本月签字回访表</source>
        <translation>Signed callback form this month</translation>
    </message>
    <message>
        <source>专家本月电话回访</source>
        <translation>Expert's phone callback this month</translation>
    </message>
    <message>
        <source>会后一个月内登门(R7)</source>
        <translation>Home visit within a month of meeting (R7)</translation>
    </message>
    <message>
        <source>投诉3日内处理(R9)</source>
        <translation>Resolve complaint within 3 days (R9)</translation>
    </message>
</context>
<context>
    <name>CallbacksTab</name>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="555" />
        <source>回访任务</source>
        <translation>Callback tasks</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="556" />
        <source>跟进名单</source>
        <translation>Follow-up lists</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="558" />
        <source>统计</source>
        <translation>Figures</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="560" />
        <source>代签复核</source>
        <translation>Signature review</translation>
    </message>
</context>
<context>
    <name>CaseQueueModel</name>
    <message>
        <location filename="../../ui/cases/model.py" line="39" />
        <source>案件号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="40" />
        <source>立案时间</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="41" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="42" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="43" />
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="44" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="45" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="46" />
        <source>当事人</source>
        <translation>Parties</translation>
    </message>
    <message>
        <location filename="../../ui/cases/model.py" line="47" />
        <source>系统建议</source>
        <translation>Proposed verdict</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/cases/view.py" line="56" />
        <source>系统建议</source>
        <translation>Proposed verdict</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="69" />
        <source>依据事件(下表黄色标出):</source>
        <translation>Based on events (highlighted in yellow below):</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="74" />
        <source>当前归属(规则引擎)</source>
        <translation>Current ownership (rules engine)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="87" />
        <source>接受建议(&amp;A)</source>
        <translation>&amp;Accept the proposal</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="89" />
        <source>改判(须写理由)(&amp;O)…</source>
        <translation>&amp;Override (reason required)…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="91" />
        <source>上报总经理(&amp;E)…</source>
        <translation>&amp;Escalate to the GM…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="93" />
        <source>总经理终裁(&amp;Z)…</source>
        <translation>GM's &amp;final ruling…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="100" />
        <source>在左侧队列中选择一个案件。</source>
        <translation>Select a case in the queue on the left.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="108" />
        <source>双方时间线(灰色为共同事件:到会、出货、名单、裁决等)</source>
        <translation>Both sides' timelines (grey: shared events such as attendance, purchases, lists, rulings)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="145" />
        <source>案件 %1 · %2 · %3 %4 · %5</source>
        <translation>Case %1 · %2 · %3 %4 · %5</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="153" />
        <source>顾客:%1(档案 %2) · 立案 %3 · 部门 %4
%5</source>
        <translation>Customer: %1 (card %2) · opened %3 · departments %4
%5</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="157" />
        <location filename="../../ui/cases/view.py" line="161" />
        <location filename="../../ui/cases/view.py" line="172" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="161" />
        <source>立案时的说明:%1</source>
        <translation>Note when opened: %1</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="178" />
        <source>处理结果:%1(%2,%3)</source>
        <translation>Outcome: %1 (%2, %3)</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="184" />
        <source>已上报总经理,等待终裁。</source>
        <translation>Escalated to the GM, awaiting the final ruling.</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="204" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="204" />
        <source>经办</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="204" />
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="204" />
        <source>记录</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="277" />
        <source>接受建议</source>
        <translation>Accept the proposal</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="278" />
        <source>维持规则引擎的判定:%1。
备注(可不填):</source>
        <translation>Keep the rules engine's verdict: %1.
Note (optional):</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="306" />
        <source>上报总经理</source>
        <translation>Escalate to the GM</translation>
    </message>
    <message>
        <location filename="../../ui/cases/view.py" line="306" />
        <source>上报原因(必填):</source>
        <translation>Reason for escalating (required):</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <location filename="../../ui/cases/labels.py" line="12" />
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="13" />
        <source>已上报总经理</source>
        <translation>Escalated to the GM</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="14" />
        <source>已裁决</source>
        <translation>Ruled</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="18" />
        <source>竞争报名</source>
        <translation>Competing registration</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="19" />
        <source>重复报名</source>
        <translation>Duplicate registration</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="20" />
        <source>先预热者得</source>
        <translation>First pre-heat wins</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="21" />
        <source>争议转公司</source>
        <translation>Dispute to the pool</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="22" />
        <source>联系他人有效顾客</source>
        <translation>Contact with another's active customer</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="23" />
        <source>失效后接手</source>
        <translation>Takeover after a lapse</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="24" />
        <source>转介信息不全让位</source>
        <translation>Incomplete referral gives way</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="25" />
        <source>投诉超期未处理</source>
        <translation>Complaint overdue</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="26" />
        <source>邀约被拒</source>
        <translation>Invitation refused</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="27" />
        <source>补录改变归属</source>
        <translation>Back-entry changed owner</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="28" />
        <source>让位后再联系</source>
        <translation>Contact after giving way</translation>
    </message>
</context>
<context>
    <name>CasesTab</name>
    <message>
        <location filename="../../ui/cases/tab.py" line="54" />
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="61" />
        <source>总经理待办(&amp;G)</source>
        <translation>&amp;GM's queue</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="63" />
        <source>已上报总经理、等待终裁的案件</source>
        <translation>Cases escalated to the GM, awaiting the final ruling</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="65" />
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="67" />
        <source>导出登记簿(&amp;X)…</source>
        <translation>E&amp;xport register…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="74" />
        <source>状态(&amp;S):</source>
        <translation>&amp;State:</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="76" />
        <source>部门(&amp;D):</source>
        <translation>&amp;Department:</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="138" />
        <source>全部部门</source>
        <translation>All departments</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="184" />
        <source>共 %1 件</source>
        <translation>%1 cases</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="263" />
        <location filename="../../ui/cases/tab.py" line="273" />
        <source>导出冲突案件登记簿</source>
        <translation>Export the conflict case register</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="263" />
        <source>导出哪些案件?</source>
        <translation>Export which cases?</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="265" />
        <source>当前筛选的案件</source>
        <translation>The filtered cases</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="266" />
        <source>全部案件</source>
        <translation>All cases</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="267" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="293" />
        <source>正在导出冲突案件登记簿…</source>
        <translation>Exporting the conflict case register…</translation>
    </message>
    <message>
        <location filename="../../ui/cases/tab.py" line="301" />
        <source>已导出 %1 件到 %2</source>
        <translation>Exported %1 cases to %2</translation>
    </message>
</context>
<context>
    <name>Channels</name>
    <message>
        <source>科普</source>
        <translation>Health lecture</translation>
    </message>
    <message>
        <source>大型科普</source>
        <translation>Large health lecture</translation>
    </message>
    <message>
        <source>赠书等活动</source>
        <translation>Book giveaway and other events</translation>
    </message>
    <message>
        <source>散收</source>
        <translation>Street collection</translation>
    </message>
    <message>
        <source>回馈(到店)</source>
        <translation>Feedback (store visit)</translation>
    </message>
    <message>
        <source>回馈(来电)</source>
        <translation>Feedback (phone call)</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>转介</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>分配</source>
        <translation>Allocation</translation>
    </message>
    <message>
        <source>重新分配</source>
        <translation>Reallocation</translation>
    </message>
    <message>
        <source>裁决</source>
        <translation>Ruling</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="315" />
        <source>服务不到位</source>
        <translation>Poor service</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="316" />
        <source>员工自私</source>
        <translation>Staff acting for themselves</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="317" />
        <source>工作态度</source>
        <translation>Attitude at work</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="318" />
        <source>部门争执</source>
        <translation>Dispute between departments</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="319" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="328" />
        <source>(不涉及具体员工)</source>
        <translation>(no particular staff member)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="332" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="333" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="334" />
        <source>原因</source>
        <translation>Cause</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="335" />
        <source>涉及员工</source>
        <translation>Staff concerned</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="336" />
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="337" />
        <source>顾客已向总经理投诉</source>
        <translation>Customer has complained to the GM</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="339" />
        <source>投诉须在 3 天内处理完毕,否则顾客转入公司资源池并移交其他部门(R9)。</source>
        <translation>A complaint must be resolved within 3 days, otherwise the customer goes to the company pool and to another department (R9).</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/customers/contact.py" line="48" />
        <source>报名</source>
        <translation>Registration</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="49" />
        <source>预热</source>
        <translation>Pre-heat</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="50" />
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="51" />
        <source>邀约参会</source>
        <translation>Meeting invitation</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="78" />
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="87" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="88" />
        <source>员工</source>
        <translation>Staff member</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="96" />
        <source>转介时填写介绍人(老顾客)的电话</source>
        <translation>For a referral, the referrer's (existing customer's) phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="97" />
        <source>介绍人信息完整</source>
        <translation>Referrer's details complete</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="99" />
        <source>来源渠道</source>
        <translation>Source channel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="100" />
        <source>介绍人电话</source>
        <translation>Referrer's phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="106" />
        <source>电话回访</source>
        <translation>Phone callback</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="107" />
        <source>家访</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="109" />
        <source>方式</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="110" />
        <source>记录</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="115" />
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="117" />
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="118" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="140" />
        <source>没有电话为 %1 的顾客档案(介绍人须是已登记的老顾客)。</source>
        <translation>No customer card has the phone %1 (the referrer must be a registered customer).</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="152" />
        <source>没有可选的员工:请用员工账户登录。</source>
        <translation>No staff member to choose: sign in with a staff account.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/contact.py" line="172" />
        <source>没有即将举行的会议,请先由经理安排会议。</source>
        <translation>No upcoming meeting; a manager must schedule one first.</translation>
    </message>
</context>
<context>
    <name>CustomerEditor</name>
    <message>
        <location filename="../../ui/customers/editor.py" line="68" />
        <location filename="../../ui/customers/editor.py" line="208" />
        <source>未填</source>
        <translation>Not filled in</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="79" />
        <source>如 1952-03-08</source>
        <translation>e.g. 1952-03-08</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="83" />
        <source>手机 11 位,或带区号的固定电话</source>
        <translation>Mobile: 11 digits, or a landline with its area code</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="97" />
        <source>多个标签用逗号或空格分开,如:养生 旅游</source>
        <translation>Separate tags with commas or spaces, e.g. wellness travel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="108" />
        <source>姓名(&amp;N):</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="111" />
        <source>出生年份(&amp;Y):</source>
        <translation>Birth &amp;year:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="113" />
        <source>生日:</source>
        <translation>Birthday:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="116" />
        <source>性别(&amp;X):</source>
        <translation>Se&amp;x:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="118" />
        <source>电话%1:</source>
        <translation>Phone %1:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="119" />
        <source>住址(&amp;D):</source>
        <translation>A&amp;ddress:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="120" />
        <source>职业(&amp;J):</source>
        <translation>&amp;Occupation:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="123" />
        <source>分类:</source>
        <translation>Class:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="125" />
        <source>价值:</source>
        <translation>Value:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="127" />
        <source>收入(&amp;I):</source>
        <translation>&amp;Income:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="128" />
        <source>来源渠道(&amp;C):</source>
        <translation>Source &amp;channel:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="129" />
        <source>兴趣标签(&amp;T):</source>
        <translation>Interest &amp;tags:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="130" />
        <source>备注:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="141" />
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="142" />
        <source>家庭</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="143" />
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="144" />
        <source>扫描件</source>
        <translation>Scans</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="149" />
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="152" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="154" />
        <source>打印档案(&amp;P)…</source>
        <translation>&amp;Print card…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="156" />
        <source>打印回访表(&amp;H)…</source>
        <translation>Print call&amp;back form…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="230" />
        <source>顾客档案 %1 — %2</source>
        <translation>Customer card %1 — %2</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="237" />
        <source>(已隐藏)</source>
        <translation>(hidden)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="192" />
        <source>家庭(%1)</source>
        <translation>Household (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="249" />
        <source>时间线(%1)</source>
        <translation>Timeline (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="250" />
        <source>扫描件(%1)</source>
        <translation>Scans (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="252" />
        <source>恢复档案…</source>
        <translation>Restore card…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="252" />
        <source>归档…</source>
        <translation>Archive…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="270" />
        <source>您无权查看该顾客的完整信息,档案已打码,只能查看。</source>
        <translation>You may not see this customer's full details; the card is masked and read-only.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="272" />
        <source>该档案已归档,只能查看;如需修改请先恢复。</source>
        <translation>This card is archived and read-only; restore it first to change it.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="274" />
        <source>您的角色不能修改顾客档案,只能查看。</source>
        <translation>Your role cannot change customer cards; read-only.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="304" />
        <source>生日“%1”不是日期,请写成 1952-03-08。</source>
        <translation>Birthday “%1” is not a date; write it as 1952-03-08.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="388" />
        <source>恢复档案</source>
        <translation>Restore card</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="388" />
        <source>归档档案</source>
        <translation>Archive card</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="389" />
        <source>恢复的原因:</source>
        <translation>Reason for restoring:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="389" />
        <source>归档的原因(如:重复登记、已故、拒绝联系):</source>
        <translation>Reason for archiving (e.g. registered twice, deceased, refuses contact):</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="422" />
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/customers/editor.py" line="422" />
        <source>本档案有未保存的修改,放弃修改并打开家人档案吗?</source>
        <translation>This card has unsaved changes. Discard them and open the family member's card?</translation>
    </message>
</context>
<context>
    <name>CustomerFilters</name>
    <message>
        <location filename="../../ui/customers/filters.py" line="61" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="83" />
        <source>在用档案</source>
        <translation>Cards in use</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="84" />
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="85" />
        <source>全部档案</source>
        <translation>All cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="88" />
        <source>如:养生</source>
        <translation>e.g. wellness</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="91" />
        <source>住址中的文字</source>
        <translation>Text in the address</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="92" />
        <source>按住址查找需逐张比对,在大档案库中较慢;可与其他条件一起用。</source>
        <translation>Searching by address compares every card and is slow in a large archive; combine it with other filters.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="93" />
        <source>建档日期</source>
        <translation>Card created</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="106" />
        <source>%1 天内</source>
        <translation>within %1 days</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="108" />
        <source>任一规则</source>
        <translation>any rule</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="109" />
        <source>未预热(R2)</source>
        <translation>not pre-heated (R2)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="110" />
        <source>预热后未跟进(R6)</source>
        <translation>no follow-up after pre-heat (R6)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="111" />
        <source>会后未登门(R7)</source>
        <translation>no home visit after meeting (R7)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="112" />
        <source>三个月服务不到位(R8)</source>
        <translation>three months without service (R8)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="115" />
        <source>下一个归属期限在 %1 天内、到期不做即失效的顾客</source>
        <translation>Customers whose next ownership deadline is within %1 days and whose claim lapses unless it is met</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="116" />
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="122" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="123" />
        <source>归属员工</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="124" />
        <source>归属状态</source>
        <translation>Claim state</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="125" />
        <source>来源渠道</source>
        <translation>Source channel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="126" />
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="127" />
        <source>年龄段</source>
        <translation>Age band</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="128" />
        <source>收入</source>
        <translation>Income</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="129" />
        <source>分类</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="130" />
        <source>兴趣标签</source>
        <translation>Interest tags</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="131" />
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="132" />
        <source>档案</source>
        <translation>Cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="133" />
        <source>将失效</source>
        <translation>About to lapse</translation>
    </message>
    <message>
        <location filename="../../ui/customers/filters.py" line="141" />
        <source>至</source>
        <translation>to</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <location filename="../../ui/customers/model.py" line="54" />
        <source>档案号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="55" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="56" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="57" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="58" />
        <source>出生年份</source>
        <translation>Birth year</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="59" />
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="60" />
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="61" />
        <source>收入</source>
        <translation>Income</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="62" />
        <source>分类</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="63" />
        <source>来源渠道</source>
        <translation>Source channel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="64" />
        <source>归属员工</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="65" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="66" />
        <source>归属状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="67" />
        <source>下一期限</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="68" />
        <source>兴趣标签</source>
        <translation>Interest tags</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="69" />
        <source>建档时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="205" />
        <source>您无权查看该顾客的完整信息(已打码)</source>
        <extracomment>Columns whose header click sorts (the service pages these by an index); others keep the order. Shown by default; the others are offered by the column chooser.</extracomment>
        <translation>You may not see this customer's full details (masked)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="214" />
        <source>(已归档)</source>
        <translation>(archived)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="216" />
        <source> 等%1个</source>
        <translation> and %1 more</translation>
    </message>
    <message>
        <location filename="../../ui/customers/model.py" line="223" />
        <source>(已隐藏)</source>
        <translation>(hidden)</translation>
    </message>
</context>
<context>
    <name>Customers</name>
    <message>
        <location filename="../../ui/customers/printing.py" line="48" />
        <source>顾客档案 %1</source>
        <translation>Customer card %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/printing.py" line="53" />
        <source>回访表 %1</source>
        <translation>Callback form %1</translation>
    </message>
    <message>
        <source>医疗</source>
        <translation>Medical</translation>
    </message>
    <message>
        <source>内科</source>
        <translation>Internal medicine</translation>
    </message>
    <message>
        <source>外科</source>
        <translation>Surgery</translation>
    </message>
    <message>
        <source>中医</source>
        <translation>Chinese medicine</translation>
    </message>
    <message>
        <source>护理</source>
        <translation>Nursing</translation>
    </message>
    <message>
        <source>药剂</source>
        <translation>Pharmacy</translation>
    </message>
    <message>
        <source>其他医疗</source>
        <translation>Other medical</translation>
    </message>
    <message>
        <source>教师</source>
        <translation>Teacher</translation>
    </message>
    <message>
        <source>大学</source>
        <translation>University</translation>
    </message>
    <message>
        <source>中学</source>
        <translation>Secondary school</translation>
    </message>
    <message>
        <source>小学</source>
        <translation>Primary school</translation>
    </message>
    <message>
        <source>军干</source>
        <translation>Military officer</translation>
    </message>
    <message>
        <source>海军</source>
        <translation>Navy</translation>
    </message>
    <message>
        <source>陆军</source>
        <translation>Army</translation>
    </message>
    <message>
        <source>空军</source>
        <translation>Air force</translation>
    </message>
    <message>
        <source>公务员</source>
        <translation>Civil servant</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>国有</source>
        <translation>State-owned</translation>
    </message>
    <message>
        <source>民营</source>
        <translation>Private</translation>
    </message>
    <message>
        <source>外资</source>
        <translation>Foreign-owned</translation>
    </message>
    <message>
        <source>工程师</source>
        <translation>Engineer</translation>
    </message>
    <message>
        <source>老板</source>
        <translation>Business owner</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>医疗·内科</source>
        <translation>Internal medicine</translation>
    </message>
    <message>
        <source>医疗·外科</source>
        <translation>Surgery</translation>
    </message>
    <message>
        <source>医疗·中医</source>
        <translation>Chinese medicine</translation>
    </message>
    <message>
        <source>医疗·护理</source>
        <translation>Nursing</translation>
    </message>
    <message>
        <source>医疗·药剂</source>
        <translation>Pharmacy</translation>
    </message>
    <message>
        <source>医疗·其他医疗</source>
        <translation>Other medical</translation>
    </message>
    <message>
        <source>教师·大学</source>
        <translation>University teacher</translation>
    </message>
    <message>
        <source>教师·中学</source>
        <translation>Secondary teacher</translation>
    </message>
    <message>
        <source>教师·小学</source>
        <translation>Primary teacher</translation>
    </message>
    <message>
        <source>军干·海军</source>
        <translation>Navy officer</translation>
    </message>
    <message>
        <source>军干·陆军</source>
        <translation>Army officer</translation>
    </message>
    <message>
        <source>军干·空军</source>
        <translation>Air force officer</translation>
    </message>
    <message>
        <source>企业·国有</source>
        <translation>State enterprise</translation>
    </message>
    <message>
        <source>企业·民营</source>
        <translation>Private enterprise</translation>
    </message>
    <message>
        <source>企业·外资</source>
        <translation>Foreign enterprise</translation>
    </message>
    <message>
        <source>3000元以下</source>
        <translation>Under ¥3,000</translation>
    </message>
    <message>
        <source>3000–5000元</source>
        <translation>¥3,000–5,000</translation>
    </message>
    <message>
        <source>5000–8000元</source>
        <translation>¥5,000–8,000</translation>
    </message>
    <message>
        <source>8000–15000元</source>
        <translation>¥8,000–15,000</translation>
    </message>
    <message>
        <source>15000元以上</source>
        <translation>Over ¥15,000</translation>
    </message>
    <message>
        <source>50岁以下</source>
        <translation>Under 50</translation>
    </message>
    <message>
        <source>50–59岁</source>
        <translation>50–59</translation>
    </message>
    <message>
        <source>60–69岁</source>
        <translation>60–69</translation>
    </message>
    <message>
        <source>70–79岁</source>
        <translation>70–79</translation>
    </message>
    <message>
        <source>80岁及以上</source>
        <translation>80 and over</translation>
    </message>
    <message>
        <source>A类(重点)</source>
        <translation>Class A (key)</translation>
    </message>
    <message>
        <source>B类(一般)</source>
        <translation>Class B (regular)</translation>
    </message>
    <message>
        <source>C类(潜在)</source>
        <translation>Class C (prospect)</translation>
    </message>
    <message>
        <source>高</source>
        <translation>High</translation>
    </message>
    <message>
        <source>中</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>低</source>
        <translation>Low</translation>
    </message>
    <message>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>科普</source>
        <translation>Health lecture</translation>
    </message>
    <message>
        <source>大型科普</source>
        <translation>Large health lecture</translation>
    </message>
    <message>
        <source>赠书等活动</source>
        <translation>Book giveaway and other events</translation>
    </message>
    <message>
        <source>散收</source>
        <translation>Street collection</translation>
    </message>
    <message>
        <source>回馈(到店)</source>
        <translation>Feedback (store visit)</translation>
    </message>
    <message>
        <source>回馈(来电)</source>
        <translation>Feedback (phone call)</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>转介</source>
        <translation>Referral</translation>
    </message>
    <message>
        <source>分配</source>
        <translation>Allocation</translation>
    </message>
    <message>
        <source>重新分配</source>
        <translation>Reallocation</translation>
    </message>
    <message>
        <source>裁决</source>
        <translation>Ruling</translation>
    </message>
    <message>
        <source>待预热</source>
        <translation>Awaiting pre-heat</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已失效</source>
        <translation>Lapsed</translation>
    </message>
    <message>
        <source>公司资源池</source>
        <translation>Company pool</translation>
    </message>
    <message>
        <source>未登记</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>子女</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>报名</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>预热</source>
        <translation>Pre-heat</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Callback</translation>
    </message>
    <message>
        <source>邀约</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>到会</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>出货</source>
        <translation>Purchase</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>投诉已处理</source>
        <translation>Complaint resolved</translation>
    </message>
    <message>
        <source>员工离职</source>
        <translation>Staff member left</translation>
    </message>
    <message>
        <source>列入敲定名单</source>
        <translation>Put on the confirmation list</translation>
    </message>
    <message>
        <source>提交名单</source>
        <translation>List submitted</translation>
    </message>
    <message>
        <source>家访</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <source>电话回访</source>
        <translation>Phone callback</translation>
    </message>
    <message>
        <source>到店</source>
        <translation>Office visit</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <location filename="../../ui/customers/tab.py" line="100" />
        <source>电话、尾号4位、姓名或拼音首字母(如 zl)</source>
        <translation>Phone, last 4 digits, name or pinyin initials (e.g. zl)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="101" />
        <source>筛选(&amp;T)</source>
        <translation>Fil&amp;ter</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="106" />
        <source>列(&amp;L)</source>
        <translation>Co&amp;lumns</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="108" />
        <source>打开档案(&amp;O)</source>
        <translation>&amp;Open card</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="110" />
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="114" />
        <source>登记联系(&amp;C)</source>
        <translation>Record &amp;contact</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="115" />
        <source>为选中的顾客登记报名、预热、回访或邀约</source>
        <translation>Record a registration, pre-heat, callback or invitation for the selected customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="122" />
        <source>申请调阅完整档案…</source>
        <translation>Request full card access…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="127" />
        <source>导出 Excel(&amp;X)…</source>
        <translation>E&amp;xport to Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="129" />
        <source>导出符合当前查找和筛选的全部档案,按当前排序和显示的列</source>
        <translation>Export every card matching the current search and filters, in the current order and columns</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="146" />
        <source>查找全部档案</source>
        <translation>Search all cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="159" />
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="190" />
        <source>查找(&amp;S):</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="368" />
        <source>正在计数…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="384" />
        <source>(正在精确计数…)</source>
        <translation>(counting exactly…)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="396" />
        <location filename="../../ui/customers/tab.py" line="398" />
        <source>约 %1 万张档案</source>
        <translation>About %1 × 10,000 cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="400" />
        <source>约 %1 张档案</source>
        <translation>About %1 cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="405" />
        <source>共 %1 张档案</source>
        <translation>%1 cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="420" />
        <source>在我的顾客中没有找到“%1”。可以在全部档案中查找(其他部门的档案按规定遮蔽显示)。</source>
        <translation>“%1” was not found among my customers. You can search all cards (other departments' cards are shown masked, as the rules require).</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="425" />
        <source>只显示我的顾客。</source>
        <translation>Showing my customers only.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="437" />
        <source>计数失败</source>
        <translation>Counting failed</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="461" />
        <source>登记联系</source>
        <translation>Record contact</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="461" />
        <source>请先在列表中选中一位顾客。</source>
        <translation>Select a customer in the list first.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="487" />
        <source>自上次查看以来,以下顾客已归他人:</source>
        <translation>Since you last looked, these customers went to someone else:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="503" />
        <location filename="../../ui/customers/tab.py" line="506" />
        <location filename="../../ui/customers/tab.py" line="516" />
        <source>申请调阅</source>
        <translation>Card access request</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="503" />
        <source>这张档案您已经可以完整查看。</source>
        <translation>You can already see this card in full.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="506" />
        <source>调阅 %1 的完整档案的理由:</source>
        <translation>Reason for seeing %1's full card:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/tab.py" line="516" />
        <source>已提交,资源总监批准后可在限定时间内完整查看。</source>
        <translation>Submitted. Once the resource director approves, you can see the full card for a limited time.</translation>
    </message>
</context>
<context>
    <name>DepartmentsPage</name>
    <message>
        <location filename="../../ui/settings/org.py" line="34" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="34" />
        <source>在职员工</source>
        <translation>Active staff</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="34" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="38" />
        <source>新部门名称</source>
        <translation>New department name</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="39" />
        <source>添加部门</source>
        <translation>Add department</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="41" />
        <source>重命名所选部门…</source>
        <translation>Rename selected department…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="45" />
        <source>名称(&amp;N):</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="63" />
        <source>在用</source>
        <translation>In use</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="63" />
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="87" />
        <source>请先在列表中选择要重命名的部门。</source>
        <translation>Select the department to rename in the list first.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="90" />
        <source>重命名部门</source>
        <translation>Rename department</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="90" />
        <source>新名称:</source>
        <translation>New name:</translation>
    </message>
</context>
<context>
    <name>DuplicateLevels</name>
    <message>
        <source>重复</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>疑似重复</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>读音相同</source>
        <translation>Sounds alike</translation>
    </message>
</context>
<context>
    <name>DuplicatePanel</name>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="37" />
        <source>查重:可能是已有档案</source>
        <translation>Duplicate check: possibly an existing card</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="51" />
        <source>合并(&amp;1)</source>
        <translation>&amp;1 Merge</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="52" />
        <source>关联为家人(&amp;2)</source>
        <translation>&amp;2 Link as family</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="56" />
        <source>新建(&amp;3)</source>
        <translation>&amp;3 New card</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="62" />
        <source>把这张表和扫描件并入选中的已有档案,并记录这次报名</source>
        <translation>Merge this form and its scan into the selected existing card, and record this registration</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="63" />
        <source>新建档案,并关联为选中档案的家人</source>
        <translation>Create a new card and link it as family of the selected card</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="64" />
        <source>是另一个人:新建档案(电话完全相同时不允许)</source>
        <translation>Another person: create a new card (not allowed when the phone is identical)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="85" />
        <source>无归属</source>
        <translation>No owner</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="88" />
        <source>【%1】档案 %2  %3  %4
      %5;归属:%6,%7</source>
        <translation>[%1] card %2  %3  %4
      %5; owner: %6, %7</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="97" />
        <source>未登记</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="113" />
        <source>电话完全相同:只能合并或关联为家人。</source>
        <translation>Identical phone: only merge or link as household.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="115" />
        <source>请选择:合并、关联为家人,或确认是另一个人后新建。</source>
        <translation>Choose: merge, link as household, or create a new card once you are sure it is another person.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="117" />
        <source>读音相同的姓名,仅供参考;可直接保存。</source>
        <translation>Names that sound alike, for reference only; you may save directly.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="124" />
        <source>请按键选择:1 合并,2 关联为家人,3 新建(Esc 返回表单)。</source>
        <translation>Press a key: 1 merge, 2 link as family, 3 new card (Esc returns to the form).</translation>
    </message>
    <message>
        <location filename="../../ui/intake/duplicates.py" line="143" />
        <source>Enter 不会合并:请按 1 合并,2 关联为家人,3 新建。</source>
        <translation>Enter does not merge: press 1 to merge, 2 to link as family, 3 for a new card.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="32" />
        <source>没有保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="34" />
        <source>无权操作</source>
        <translation>Not permitted</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="36" />
        <source>规则不允许</source>
        <translation>Refused by the rules</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="38" />
        <source>输入有误</source>
        <translation>Invalid input</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="40" />
        <source>找不到记录</source>
        <translation>Not found</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="42" />
        <source>登录失败</source>
        <translation>Sign-in failed</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="44" />
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="45" />
        <source>程序出错</source>
        <translation>Program error</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="53" />
        <source>操作没有完成,程序遇到意外错误(已记录到日志):%1</source>
        <translation>The action was not completed: the program met an unexpected error (written to the log): %1</translation>
    </message>
</context>
<context>
    <name>EventTime</name>
    <message>
        <location filename="../../ui/event_time.py" line="48" />
        <source>事后超过 %1 小时补录时必填,记入审计日志</source>
        <translation>Required when entered more than %1 hours later; kept in the audit log</translation>
    </message>
    <message>
        <location filename="../../ui/event_time.py" line="58" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/event_time.py" line="60" />
        <source>补录原因</source>
        <translation>Reason for late entry</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <location filename="../../ui/export_job.py" line="19" />
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/export_job.py" line="44" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/export_job.py" line="45" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/export_job.py" line="69" />
        <source>%1 已写 %2 行</source>
        <translation>%1 %2 rows written</translation>
    </message>
    <message>
        <location filename="../../ui/export_job.py" line="88" />
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
</context>
<context>
    <name>FiguresPage</name>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="39" />
        <source>回访完成率与签字率</source>
        <translation>Callback completion and signature rates</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="46" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="47" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="48" />
        <source>应完成</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="49" />
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="50" />
        <source>逾期完成</source>
        <translation>Done late</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="51" />
        <source>完成率</source>
        <translation>Completion</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="52" />
        <source>回访表</source>
        <translation>Callback forms</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="53" />
        <source>签字</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="54" />
        <source>签字率</source>
        <translation>Signature rate</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="55" />
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="59" />
        <source>导出统计…</source>
        <translation>Export figures…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="60" />
        <source>导出月度考核表…</source>
        <translation>Export the monthly assessment…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="61" />
        <source>打印月度考核表…</source>
        <translation>Print monthly performance sheet…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="63" />
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="95" />
        <source>本月老顾客转介率 &lt;b style='color:%1'&gt;%2&lt;/b&gt;(%3 / %4 位老顾客,目标 20%)</source>
        <translation>Referral rate of old customers this month &lt;b style='color:%1'&gt;%2&lt;/b&gt; (%3 / %4 old customers, target 20%)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="102" />
        <source>完成率 %</source>
        <translation>Completion %</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="103" />
        <source>签字率 %</source>
        <translation>Signature rate %</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="115" />
        <source>(本月没有回访任务)</source>
        <translation>(no callback tasks this month)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="146" />
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel file (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="155" />
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="163" />
        <source>%1年%2月回访统计</source>
        <translation>Callback figures %1-%2</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/figures.py" line="173" />
        <location filename="../../ui/callbacks/figures.py" line="189" />
        <source>%1年%2月考核表</source>
        <translation>Assessment %1-%2</translation>
    </message>
</context>
<context>
    <name>FrontDeskPanel</name>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="57" />
        <source>值班专员(&amp;D):</source>
        <translation>Staff on &amp;duty:</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="70" />
        <source>电话号码 / 后四位 / 姓名 / 拼音首字母,回车查询</source>
        <translation>Phone number / last four digits / name / pinyin initials, Enter to search</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="95" />
        <source>回车:查询 / 对选中的顾客操作   ↓:选择结果   Esc:清空重查   F3:新来访顾客</source>
        <translation>Enter: search / act on selected customer   ↓: choose result   Esc: clear and search again   F3: new walk-in customer</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="97" />
        <source>回车:查询 / 对选中的顾客操作   ↓:选择结果   Esc:清空重查</source>
        <translation>Enter: search / act on the selected customer   ↓: choose a result   Esc: clear and search again</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="130" />
        <source>今日会议:%1</source>
        <translation>Today's meeting: %1</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="132" />
        <source>今天没有会议</source>
        <translation>No meeting today</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="136" />
        <source>无专员(未登记的顾客交公司分配)</source>
        <translation>No staff on duty (unregistered customers go to the company)</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="170" />
        <source>没有找到这位顾客。新顾客请按 F3 建档并登记到店。</source>
        <translation>Customer not found. For a new customer, press F3 to create a card and register the visit.</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="175" />
        <source>显示前 %1 位顾客。还有更多,请多输入几个字</source>
        <translation>Showing the first %1 customers. There are more; type a few more characters</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="177" />
        <source>找到 %1 位顾客</source>
        <translation>%1 customers found</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="254" />
        <source>无值班专员:新顾客转入公司资源池,由公司统一分配。</source>
        <translation>No staff on duty: new customers go to the company pool for central allocation.</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="172" />
        <source>没有找到这位顾客。</source>
        <translation>This customer was not found.</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="228" />
        <source>无值班专员:未登记归属的顾客转入公司资源池,已有归属的只记录到店。</source>
        <translation>No staff on duty: unowned customers go to the company pool; owned ones only have the visit recorded.</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/panel.py" line="230" />
        <location filename="../../ui/frontdesk/panel.py" line="256" />
        <source>记为值班专员 %1 的门店回馈报名。</source>
        <translation>Recorded as a store-feedback registration for %1, the staff on duty.</translation>
    </message>
</context>
<context>
    <name>FrontDeskWindow</name>
    <message>
        <location filename="../../ui/frontdesk/window.py" line="48" />
        <source>%1 · 前台查询</source>
        <translation>%1 · Front desk</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/window.py" line="54" />
        <source>%1 前台 — 操作员:%2</source>
        <translation>%1 front desk — operator: %2</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/window.py" line="69" />
        <source>F2 修改密码</source>
        <translation>F2 Change password</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/window.py" line="72" />
        <source>F10 退出登录</source>
        <translation>F10 Log out</translation>
    </message>
</context>
<context>
    <name>GovernanceTab</name>
    <message>
        <location filename="../../ui/governance.py" line="237" />
        <source>归属规则参数</source>
        <translation>Ownership rule parameters</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="239" />
        <source>调阅审批</source>
        <translation>Lookup approvals</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../ui/intake/tab.py" line="50" />
        <source>保存这张表并打开下一张扫描件</source>
        <translation>Save this form and open the next scan</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="51" />
        <source>取消当前字段的输入或输入法的拼写(关闭本帮助)</source>
        <translation>Cancel input in the current field or the input-method composition (closes this help)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="52" />
        <source>清空表单(先询问)/ 恢复刚清空的表单</source>
        <translation>Clear the form (asks first) / restore the form just cleared</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="53" />
        <source>下一个 / 上一个字段</source>
        <translation>Next / previous field</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="54" />
        <source>打开扫描件文件夹</source>
        <translation>Open a folder of scans</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="55" />
        <source>打开 PDF 或图片</source>
        <translation>Open a PDF or image</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="56" />
        <source>跳过这张 / 回到上一张扫描件</source>
        <translation>Skip this one / back to the previous scan</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="57" />
        <source>放大 / 缩小 / 适合窗口(也可按住 Ctrl 滚动滚轮)</source>
        <translation>Zoom in / out / fit to window (or Ctrl + mouse wheel)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="58" />
        <source>查重时:合并 / 关联为家人 / 新建(Enter 不会合并)</source>
        <translation>During duplicate check: merge / link as family / new card (Enter does not merge)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="59" />
        <source>跳到姓名 / 电话</source>
        <translation>Jump to name / phone</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="60" />
        <source>导入 Excel</source>
        <translation>Import Excel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="61" />
        <source>显示或关闭本帮助</source>
        <translation>Show or close this help</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="75" />
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
</context>
<context>
    <name>HitsModel</name>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="26" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="27" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="28" />
        <source>归属专员</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="29" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="30" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="31" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="70" />
        <source>%1(已归档)</source>
        <translation>%1 (archived)</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="72" />
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/model.py" line="84" />
        <source>期限:%1(规则 %2)</source>
        <translation>Deadline: %1 (rule %2)</translation>
    </message>
</context>
<context>
    <name>HouseholdPage</name>
    <message>
        <location filename="../../ui/customers/pages.py" line="47" />
        <source>添加家人(&amp;A)…</source>
        <translation>&amp;Add family member…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="49" />
        <source>打开家人档案</source>
        <translation>Open family member's card</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="51" />
        <source>解除关联(&amp;U)…</source>
        <translation>End &amp;link…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="53" />
        <source>关联错了或已不是一家人:解除所选家人的关联(须写明原因,记录保留)</source>
        <translation>Linked by mistake or no longer family: end the link to the selected member (a reason is required; the record is kept)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="72" />
        <source>%1:%2(档案号 %3)</source>
        <translation>%1: %2 (card no. %3)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="78" />
        <source>尚未关联家人</source>
        <translation>No family members linked yet</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="117" />
        <source>解除家庭关联</source>
        <translation>End household link</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="118" />
        <source>解除与“%1”的家庭关联。原因(必填):</source>
        <translation>End the household link to “%1”. Reason (required):</translation>
    </message>
</context>
<context>
    <name>ImportActions</name>
    <message>
        <source>合并到已有档案</source>
        <translation>Merge into the existing card</translation>
    </message>
    <message>
        <source>新建并关联为配偶</source>
        <translation>New card, linked as spouse</translation>
    </message>
    <message>
        <source>新建并关联为父母</source>
        <translation>New card, linked as parent</translation>
    </message>
    <message>
        <source>新建并关联为子女</source>
        <translation>New card, linked as child</translation>
    </message>
    <message>
        <source>新建(另一个人)</source>
        <translation>New card (another person)</translation>
    </message>
    <message>
        <source>不导入</source>
        <translation>Do not import</translation>
    </message>
</context>
<context>
    <name>ImportFields</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>出生年份</source>
        <translation>Birth year</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>电话2</source>
        <translation>Phone 2</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>来源渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>登记员工</source>
        <translation>Registering staff</translation>
    </message>
    <message>
        <source>活动/批次</source>
        <translation>Event / batch</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>登记日期</source>
        <translation>Registration date</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location filename="../../ui/intake/preview.py" line="65" />
        <source>导入预览 — %1</source>
        <translation>Import preview — %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="69" />
        <source>不登记(只建档案)</source>
        <translation>Don't register (create cards only)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="76" />
        <source>表中未填活动/批次时使用,可空</source>
        <translation>Used when the sheet has no event/batch; may be empty</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="81" />
        <source>有任何问题行就全部不导入</source>
        <translation>Import nothing if any row has problems</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="83" />
        <source>表中未填员工时登记为</source>
        <translation>When the sheet has no staff, register to</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="84" />
        <source>表中未填渠道时记为</source>
        <translation>When the sheet has no channel, record as</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="85" />
        <source>表中未填批次时记为</source>
        <translation>When the sheet has no batch, record as</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="86" />
        <source>可能重复的行(全部)</source>
        <translation>Possible duplicate rows (all)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="90" />
        <source>表中有早于补录期限的登记日期时必填,记入审计日志</source>
        <translation>Required when the file has registration dates older than the back-entry limit; recorded in the audit log</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="92" />
        <source>补录原因</source>
        <translation>Reason for late entry</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="98" />
        <source>表中的列</source>
        <translation>Column in sheet</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="98" />
        <source>导入为</source>
        <translation>Import as</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="108" />
        <location filename="../../ui/intake/preview.py" line="114" />
        <location filename="../../ui/intake/preview.py" line="286" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="108" />
        <source>已有档案</source>
        <translation>Existing card</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="108" />
        <location filename="../../ui/intake/preview.py" line="114" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="108" />
        <source>处理</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="114" />
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="118" />
        <source>导出问题行…</source>
        <translation>Export problem rows…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="122" />
        <source>导入选项</source>
        <translation>Import options</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="124" />
        <source>列的对应(可改为其他字段或忽略)</source>
        <translation>Column mapping (can be changed to another field or ignored)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="128" />
        <source>前几行将这样读取</source>
        <translation>The first rows will be read like this</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="130" />
        <source>可能重复的行</source>
        <translation>Possible duplicate rows</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="132" />
        <source>有问题、不会导入的行</source>
        <translation>Rows with problems (will not be imported)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="138" />
        <source>开始导入</source>
        <translation>Start import</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="141" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="186" />
        <source>正在检查表格…</source>
        <translation>Checking the spreadsheet…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="210" />
        <source>读取 %1 行:将新建 %2 张档案,%3 张表并入已有档案;可能重复 %4 行;有问题 %5 行(不会导入)。</source>
        <translation>Read %1 rows: %2 new cards will be created, %3 forms merged into existing cards; %4 possible duplicate rows; %5 rows with problems (will not be imported).</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="219" />
        <source>其中 %1 行按登记日期补录报名(早于补录期限 %2 小时):须写明补录原因,记入审计日志。</source>
        <translation>%1 rows register by a date older than the back-entry limit (%2 hours): give the reason for the late entry; it is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="224" />
        <source>忽略的列:</source>
        <translation>Ignored columns:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="249" />
        <source>(第 %1 列,无表头)</source>
        <translation>(column %1, no header)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="254" />
        <source>— 忽略 —</source>
        <translation>— Ignore —</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="288" />
        <source>将如何处理</source>
        <translation>What will happen</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="303" />
        <source>本文件第 %1 行</source>
        <translation>Row %1 of this file</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="341" />
        <source>导出问题行</source>
        <translation>Export problem rows</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="341" />
        <source>导入问题行.xlsx</source>
        <translation>Import problem rows.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/intake/preview.py" line="350" />
        <source>问题行已导出到 %1</source>
        <translation>Problem rows exported to %1</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../ui/intake/importer.py" line="40" />
        <source>导入报告</source>
        <translation>Import report</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="43" />
        <source>读取 %1 行,新建 %2 张档案,%5 张表并入已有档案;%3 行有问题,%4 行重复未导入。</source>
        <translation>Read %1 rows, created %2 new cards, merged %5 forms into existing cards; %3 rows had problems, %4 duplicate rows not imported.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="45" />
        <source>读取 %1 行,没有导入任何档案(导入 %2);%3 行有问题,%4 行重复未导入。</source>
        <translation>Read %1 rows, no cards imported (import %2); %3 rows had problems, %4 duplicate rows not imported.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="50" />
        <source>忽略的列:</source>
        <translation>Ignored columns:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="57" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="57" />
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="57" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="64" />
        <source>导出问题行…</source>
        <translation>Export problem rows…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="68" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="83" />
        <source>导入问题行.xlsx</source>
        <translation>Import problem rows.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="92" />
        <source>问题行已导出到 %1</source>
        <translation>Problem rows exported to %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="83" />
        <source>导出问题行</source>
        <translation>Export problem rows</translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message>
        <location filename="../../ui/intake/importer.py" line="113" />
        <source>正在检查表格…</source>
        <translation>Checking the sheet…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="113" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="114" />
        <source>导入 Excel</source>
        <translation>Import Excel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="136" />
        <source>正在检查第 %1 行…</source>
        <translation>Checking row %1…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/importer.py" line="136" />
        <source>正在保存第 %1 张档案…</source>
        <translation>Saving card %1…</translation>
    </message>
</context>
<context>
    <name>IntakeFormWidget</name>
    <message>
        <location filename="../../ui/intake/form.py" line="55" />
        <location filename="../../ui/intake/form.py" line="63" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="55" />
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="55" />
        <source>女</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="57" />
        <source>如 1956</source>
        <translation>e.g. 1956</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="59" />
        <source>手机或带区号的固话</source>
        <translation>Mobile, or landline with area code</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="67" />
        <source>如 养生 太极,用空格或逗号分开</source>
        <translation>e.g. health tai-chi (separate with spaces or commas)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="69" />
        <location filename="../../ui/intake/form.py" line="121" />
        <source>— 请选择 —</source>
        <translation>— choose —</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="74" />
        <source>表上写的活动或批次,可空</source>
        <translation>Event or batch written on the form; may be empty</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="84" />
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="85" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="86" />
        <source>出生年份</source>
        <translation>Birth year</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="87" />
        <source>电话(&amp;P)</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="88" />
        <source>电话2</source>
        <translation>Phone 2</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="89" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="90" />
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="91" />
        <source>兴趣</source>
        <translation>Interests</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="92" />
        <source>来源渠道</source>
        <translation>Source channel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="93" />
        <source>登记员工</source>
        <translation>Registering staff</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="94" />
        <source>活动/批次</source>
        <translation>Event/batch</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="95" />
        <source>备注</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>IntakeTab</name>
    <message>
        <location filename="../../ui/intake/tab.py" line="120" />
        <source>保存并下一张(Enter)</source>
        <extracomment>Per-PC setting: read each scan with OCR and pre-fill the form (a slow PC may switch it off). Per-PC setting: the saved form layout the scans are read with ("" = find the fields by their labels).</extracomment>
        <translation>Save and next (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="122" />
        <source>拆分:刚才合并的表其实是另一个人</source>
        <translation>Split: the form just merged is actually another person</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="143" />
        <source>打开文件夹…</source>
        <translation>Open folder…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="144" />
        <source>打开文件…</source>
        <translation>Open file…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="145" />
        <source>跳过</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="146" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="147" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="148" />
        <source>适合窗口</source>
        <translation>Fit to window</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="149" />
        <source>导入 Excel…</source>
        <translation>Import Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="150" />
        <source>下载模板…</source>
        <translation>Download template…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="151" />
        <location filename="../../ui/intake/tab.py" line="602" />
        <source>清空表单</source>
        <translation>Clear form</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="152" />
        <source>帮助 F1</source>
        <translation>Help F1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="158" />
        <source>自动识别</source>
        <translation>Auto-recognize</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="159" />
        <source>打开扫描件时自动识别文字并预填表单(本机设置)</source>
        <translation>Recognize text and pre-fill the form when opening a scan (this computer only)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="168" />
        <source>扫描件是哪种表格:按已保存的版式识别(先看标出的方框,再按栏目名称找)</source>
        <translation>Which form this scan is: read by its saved layout (the marked boxes first, then by field labels)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="169" />
        <source>标注版式…</source>
        <translation>Mark layout…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="170" />
        <source>在扫描件上为每个栏目拖一个方框,保存为这种表格的版式</source>
        <translation>Drag a box for each field on the scan and save it as this form's layout</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="173" />
        <source>版式:</source>
        <translation>Layout:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="247" />
        <source>按 Ctrl+O 打开扫描件文件夹,或 Ctrl+Shift+O 打开 PDF / 图片。</source>
        <translation>Press Ctrl+O to open a folder of scans, or Ctrl+Shift+O to open a PDF / image.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="301" />
        <source>以下文件无法读取,已跳过:</source>
        <translation>These files could not be read and were skipped:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="312" />
        <source>这一批扫描件都已录入。</source>
        <translation>Every scan of this batch has been entered.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="340" />
        <location filename="../../ui/intake/tab.py" line="343" />
        <source>识别:</source>
        <translation>Recognition:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="340" />
        <source>如果这是本店自己的表格,可点“标注版式…”标出各栏的位置。</source>
        <translation>If this is the office's own form, click "Mark layout…" to mark where each field is.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="346" />
        <source>已按扫描件预填 %1 项,请核对后按 Enter 保存。</source>
        <translation>Pre-filled %1 fields from the scan; check them, then press Enter to save.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="370" />
        <source>按栏目名称</source>
        <translation>By field labels</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="390" />
        <source>先打开一张这种表格的扫描件,再在上面标注版式。</source>
        <translation>Open a scan of this form first, then mark its layout on it.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="400" />
        <source>版式“%1”已保存:这一张和之后的扫描件按它识别。</source>
        <translation>Layout "%1" saved: this scan and the following ones are read with it.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="402" />
        <source>版式“%1”已保存。</source>
        <translation>Layout "%1" saved.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="424" />
        <source>已录入 %1 / %2</source>
        <translation>Entered %1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="440" />
        <source>打开扫描件文件夹</source>
        <translation>Open a folder of scans</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="447" />
        <source>打开扫描件</source>
        <translation>Open scans</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="447" />
        <source>扫描件 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)</source>
        <translation>Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="485" />
        <source>正在标注版式:先保存版式或取消。</source>
        <translation>Marking a layout: save the layout or cancel first.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="490" />
        <source>标黄的栏目是识别不确定的,请核对后再按 Enter。</source>
        <translation>Fields in yellow were not recognized with certainty; check them before pressing Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="515" />
        <source>已保存:档案 %1</source>
        <translation>Saved: card %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="515" />
        <source>已合并到档案 %1</source>
        <translation>Merged into card %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="518" />
        <source>,归属 %1</source>
        <translation>, owner %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="521" />
        <source>,已加入批次:已归 %1 所有,处理时列为已有归属,不再分配</source>
        <translation>, added to the batch: owned by %1 already, processing lists it as owned and does not allocate it</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="523" />
        <source>,已加入批次:顾客在公司资源池,处理时列出,不再分配</source>
        <translation>, added to the batch: the customer is in the company pool, processing lists it and does not allocate it</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="525" />
        <source>,已加入批次(未登记,归属由分配决定)</source>
        <translation>, added to batch (not registered; ownership decided by allocation)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="570" />
        <source>拆分</source>
        <translation>Split</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="571" />
        <source>把刚才合并到档案 %1 的表拆出来,新建为另一个人?</source>
        <translation>Split off the form just merged into card %1 and create it as another person?</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="586" />
        <source>已拆分:档案 %1 恢复原样,表格另建为档案 %2。</source>
        <translation>Split: card %1 restored; the form is now card %2.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="588" />
        <source>批次里换成档案 %2,档案 %1 已移出批次。</source>
        <translation>Card %2 took its place on the batch; card %1 left the batch.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="590" />
        <source>档案 %2 也加入了批次;档案 %1 合并前就在批次里,仍留在批次中。</source>
        <translation>Card %2 joined the batch too; card %1 was on the batch before the merge and stays on it.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="603" />
        <source>清空这张表上已填写的内容?清空后可按 Ctrl+Z 恢复。</source>
        <translation>Clear what has been filled in on this form? You can restore it with Ctrl+Z.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="612" />
        <source>表单已清空,按 Ctrl+Z 可恢复。</source>
        <translation>Form cleared; press Ctrl+Z to restore.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="619" />
        <source>保存导入模板</source>
        <translation>Save the import template</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="619" />
        <source>顾客档案导入模板.xlsx</source>
        <translation>Customer card import template.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="628" />
        <source>模板已保存:%1</source>
        <translation>Template saved: %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="629" />
        <source>导入模板已保存到 %1</source>
        <translation>Import template saved to %1</translation>
    </message>
    <message>
        <location filename="../../ui/intake/tab.py" line="633" />
        <source>选择要导入的 Excel 文件</source>
        <translation>Choose the Excel file to import</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <location filename="../../ui/meetings/tab.py" line="109" />
        <source>邀约顾客</source>
        <translation>Invite a customer</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="111" />
        <source>顾客电话</source>
        <translation>Customer's phone</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="122" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="123" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="124" />
        <source>邀约员工</source>
        <translation>Inviting staff</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="126" />
        <source>敲定邀约</source>
        <translation>Confirm invitation</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="144" />
        <source>没有这个号码的顾客档案</source>
        <translation>No customer card has this number</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="150" />
        <source>请输入已登记顾客的电话号码。</source>
        <translation>Enter the phone number of a registered customer.</translation>
    </message>
</context>
<context>
    <name>LayoutMarker</name>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="33" />
        <source>姓名</source>
        <extracomment>The fields a layout can place: those the 录入 form fills, in the form's order, with their names.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="34" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="35" />
        <source>出生年份/年龄</source>
        <translation>Birth year / age</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="36" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="37" />
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="38" />
        <source>职业</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="39" />
        <source>兴趣</source>
        <translation>Interests</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="40" />
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="63" />
        <source>标注表格版式:在左边的扫描件上,为选中的栏目拖一个方框框住它填写的位置,然后选下一个栏目。</source>
        <translation>Mark the form layout: on the scan at the left, drag a box around where the selected field is filled in, then pick the next field.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="72" />
        <source>表格种类的名称,如 社区义诊报名表</source>
        <translation>Name of the form kind, e.g. community clinic sign-up form</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="76" />
        <source>去掉这一栏的方框</source>
        <translation>Remove this field's box</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="77" />
        <source>保存版式</source>
        <translation>Save layout</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="78" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="90" />
        <source>表格种类(&amp;K):</source>
        <translation>Form &amp;kind:</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="163" />
        <source>✓ 已标</source>
        <translation>✓ Marked</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="163" />
        <source>未标</source>
        <translation>Not marked</translation>
    </message>
    <message>
        <location filename="../../ui/intake/layout_marker.py" line="173" />
        <source>还没有标任何栏目:选中一个栏目,在扫描件上拖一个方框。</source>
        <translation>No field marked yet: select a field and drag a box on the scan.</translation>
    </message>
</context>
<context>
    <name>LeftOutModel</name>
    <message>
        <location filename="../../ui/allocation/models.py" line="184" />
        <source>档案号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="184" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="184" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="184" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="184" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>LinkHouseholdDialog</name>
    <message>
        <location filename="../../ui/customers/pages.py" line="139" />
        <source>关联家人</source>
        <translation>Link family member</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="142" />
        <source>电话、尾号、姓名或拼音首字母,回车查找</source>
        <translation>Phone, last digits, name or pinyin initials; Enter to search</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="150" />
        <source>查找(&amp;S):</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="151" />
        <source>找到的档案:</source>
        <translation>Cards found:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="152" />
        <source>所选的人是本顾客的(&amp;R):</source>
        <translation>The chosen person is this customer's &amp;relation:</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="154" />
        <source>关联</source>
        <translation>Link</translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message>
        <location filename="../../ui/customers/export.py" line="49" />
        <source>顾客档案</source>
        <translation>Customer cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/export.py" line="49" />
        <source>导出顾客档案</source>
        <extracomment>The service's column key of each list column, by the model's COL_* index.</extracomment>
        <translation>Export customer cards</translation>
    </message>
    <message>
        <location filename="../../ui/customers/export.py" line="50" />
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/export.py" line="60" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/customers/export.py" line="61" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/customers/export.py" line="87" />
        <source>正在导出顾客档案… %1 / %2 条</source>
        <translation>Exporting customer cards… %1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/customers/export.py" line="88" />
        <source>正在导出顾客档案… 已写 %1 条</source>
        <translation>Exporting customer cards… %1 written</translation>
    </message>
    <message>
        <location filename="../../ui/customers/export.py" line="114" />
        <source>已导出 %1 张档案到 %2</source>
        <translation>Exported %1 cards to %2</translation>
    </message>
</context>
<context>
    <name>ListsPage</name>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="373" />
        <source>6 个月未购买</source>
        <translation>No purchase for 6 months</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="374" />
        <source>12 个月未购买</source>
        <translation>No purchase for 12 months</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="375" />
        <source>本周生日</source>
        <translation>Birthdays this week</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="376" />
        <source>今年未回访</source>
        <translation>No callback this year</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="380" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="380" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="380" />
        <source>专员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="380" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="380" />
        <source>这份名单上没有顾客。</source>
        <translation>No customers on this list.</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../ui/lock.py" line="86" />
        <source>会话已锁定</source>
        <translation>Session locked</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="89" />
        <source>长时间无操作,已锁定。请 %1 输入密码继续。</source>
        <translation>Locked after a long time without input. %1, enter your password to continue.</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="93" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="97" />
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="99" />
        <source>退出程序</source>
        <translation>Quit the program</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../ui/lock.py" line="57" />
        <source>已锁定,请输入密码继续</source>
        <translation>Locked; enter the password to continue</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="31" />
        <source>登录 — 客源管家</source>
        <translation>Sign in — Keyuan</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="33" />
        <source>客源管家</source>
        <translation>Keyuan</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="49" />
        <source>用户名(&amp;U):</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="50" />
        <source>密码(&amp;P):</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="65" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="84" />
        <source>请填写用户名。</source>
        <translation>Please enter the user name.</translation>
    </message>
</context>
<context>
    <name>LookupApprovalsPage</name>
    <message>
        <location filename="../../ui/governance.py" line="167" />
        <source>申请号</source>
        <translation>Request no.</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="167" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="167" />
        <source>申请人</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="167" />
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="167" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="167" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="170" />
        <source>批准…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="171" />
        <source>驳回</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="212" />
        <source>调阅审批</source>
        <translation>Lookup approvals</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="212" />
        <source>请先选中一份申请。</source>
        <translation>Select a request first.</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="223" />
        <source>批准调阅</source>
        <translation>Approve lookup</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="223" />
        <source>完整查看的有效时长(小时):</source>
        <translation>Hours the full card may be viewed:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/labels.py" line="31" />
        <source>顾客档案</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../ui/intake/__init__.py" line="10" />
        <location filename="../../ui/labels.py" line="32" />
        <source>录入</source>
        <translation>Data entry</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33" />
        <source>档案分配</source>
        <translation>Allocation</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34" />
        <source>冲突仲裁</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35" />
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36" />
        <source>回访跟踪</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="37" />
        <source>前台查询</source>
        <translation>Front desk</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="38" />
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39" />
        <source>规则与审批</source>
        <translation>Rules and approvals</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="65" />
        <location filename="../../ui/main_window.py" line="163" />
        <source>客源管家 — %1</source>
        <translation>Keyuan — %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168" />
        <source>修改密码(&amp;P)…</source>
        <translation>Change &amp;password…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171" />
        <source>锁定(&amp;L)</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179" />
        <source>搬到本店服务器(&amp;M)…</source>
        <translation>&amp;Move to office server…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183" />
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189" />
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204" />
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244" />
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245" />
        <source>界面语言已改为 %1,下次启动程序时生效。</source>
        <translation>The interface language is now %1; it takes effect the next time the program starts.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250" />
        <source>关于客源管家</source>
        <translation>About Keyuan</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254" />
        <source>客源管家 — 会销客户资源管理</source>
        <translation>Keyuan — customer resources of a meeting-marketing office</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256" />
        <source>版本 %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258" />
        <location filename="../../ui/main_window.py" line="270" />
        <source>数据库:%1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="265" />
        <source>用户:%1(%2)</source>
        <translation>User: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298" />
        <source>已按期限更新 %1 位顾客的归属。</source>
        <translation>Ownership of %1 customers updated for passed deadlines.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="305" />
        <source>期限检查未完成,将在稍后重试。</source>
        <translation>The deadline check did not finish; it will be retried later.</translation>
    </message>
</context>
<context>
    <name>MeetingPanel</name>
    <message>
        <location filename="../../ui/meetings/tab.py" line="174" />
        <location filename="../../ui/meetings/tab.py" line="219" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="175" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="176" />
        <location filename="../../ui/meetings/tab.py" line="207" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="177" />
        <source>敲定时间</source>
        <translation>Confirmed at</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="178" />
        <source>计入日期</source>
        <translation>Counts for</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="179" />
        <location filename="../../ui/meetings/tab.py" line="214" />
        <source>名单报送</source>
        <translation>List submitted</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="180" />
        <source>R11</source>
        <translation>R11</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="181" />
        <source>到会</source>
        <translation>Attended</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="182" />
        <source>业绩归属(R12)</source>
        <translation>Credit (R12)</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="185" />
        <source>本场会议还没有邀约。</source>
        <translation>No invitations to this meeting yet.</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="187" />
        <source>邀约顾客…</source>
        <translation>Invite a customer…</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="193" />
        <source>邀约</source>
        <translation>Invitations</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="199" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="199" />
        <source>截止</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="199" />
        <source>报送时间</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="199" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="201" />
        <source>报送名单</source>
        <translation>Submit list</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="202" />
        <source>导出各部门名单…</source>
        <translation>Export department lists…</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="219" />
        <source>各部门敲定</source>
        <translation>Confirmations by department</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="219" />
        <source>按 R11 有效的一方</source>
        <translation>Side that stands under R11</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="221" />
        <source>没有重复邀约:本场会议没有顾客被两个以上部门敲定。</source>
        <translation>No duplicate invitations: no customer of this meeting was confirmed by two or more departments.</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="223" />
        <source>重复邀约核对</source>
        <translation>Duplicate invitation check</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="240" />
        <source>联合会议名单-%1.xlsx</source>
        <translation>Joint meeting lists-%1.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="242" />
        <source>导出各部门名单</source>
        <translation>Export department lists</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="242" />
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="254" />
        <source>已导出 %1 份名单到 %2</source>
        <translation>Exported %1 lists to %2</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="266" />
        <source>请选择左侧的会议</source>
        <translation>Select a meeting on the left</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="289" />
        <source>未报送</source>
        <translation>Not submitted</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="329" />
        <source>有效</source>
        <translation>Stands</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="331" />
        <location filename="../../ui/meetings/tab.py" line="344" />
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="334" />
        <source>迟交/未报</source>
        <translation>Late/missing</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="291" />
        <source>已到会</source>
        <translation>Attended</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="320" />
        <source>没有按时报送的一方</source>
        <translation>No side submitted on time</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="346" />
        <source>迟交</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="348" />
        <source>无需报送(当天没有敲定)</source>
        <translation>No list needed (no confirmations that day)</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="350" />
        <source>未交</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="333" />
        <location filename="../../ui/meetings/tab.py" line="350" />
        <source>待报送</source>
        <translation>To submit</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="368" />
        <source>尚未报送的敲定顾客:%1 位</source>
        <translation>Confirmed customers not yet on a list: %1</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="385" />
        <source>已按时报送 %1 位顾客。</source>
        <translation>Submitted %1 customers on time.</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="385" />
        <source>已报送 %1 位顾客,但已过截止时间,记为迟交。</source>
        <translation>Submitted %1 customers, but after the deadline: recorded as late.</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="386" />
        <source>名单已报送</source>
        <translation>List submitted</translation>
    </message>
</context>
<context>
    <name>MeetingsTab</name>
    <message>
        <location filename="../../ui/meetings/tab.py" line="394" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="394" />
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="394" />
        <source>还没有安排会议。</source>
        <translation>No meetings scheduled yet.</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="395" />
        <source>安排会议…</source>
        <translation>Schedule meeting…</translation>
    </message>
</context>
<context>
    <name>NewBatchDialog</name>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="68" />
        <source>新建分配批次</source>
        <translation>New allocation batch</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="68" />
        <source>修改分配批次</source>
        <translation>Edit allocation batch</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="71" />
        <source>例如:3月5日幸福社区科普</source>
        <translation>e.g. 5 March, Xingfu community health lecture</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="73" />
        <source>A 部门科普</source>
        <translation>A Department lecture</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="74" />
        <source>B 大型科普</source>
        <translation>B Large lecture</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="75" />
        <source>C 赠书等活动</source>
        <translation>C Book give-away and other events</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="83" />
        <source>(未填)</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="88" />
        <source>参加部门</source>
        <translation>Departments taking part</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="89" />
        <source>参加科普的员工</source>
        <translation>Staff who took part in the lecture</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="91" />
        <source>批次名称</source>
        <translation>Batch name</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="92" />
        <source>分配程序</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="93" />
        <source>活动日期</source>
        <translation>Event date</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="94" />
        <source>组织部门</source>
        <translation>Organising department</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="95" />
        <source>交档案人</source>
        <translation>Handed in by</translation>
    </message>
</context>
<context>
    <name>NewMeetingDialog</name>
    <message>
        <location filename="../../ui/meetings/tab.py" line="52" />
        <source>安排会议</source>
        <translation>Schedule meeting</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="58" />
        <source>下午</source>
        <translation>Afternoon</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="59" />
        <source>晚上</source>
        <translation>Evening</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="60" />
        <source>联合会议(各部门每天 18:00 前报送敲定名单)</source>
        <translation>Joint meeting (each department submits its confirmed list daily by 18:00)</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="68" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="69" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="70" />
        <source>时段</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../../ui/meetings/tab.py" line="72" />
        <source>参会部门</source>
        <translation>Departments taking part</translation>
    </message>
</context>
<context>
    <name>Occupations</name>
    <message>
        <source>医疗</source>
        <translation>Medical</translation>
    </message>
    <message>
        <source>医疗·内科</source>
        <translation>Internal medicine</translation>
    </message>
    <message>
        <source>医疗·外科</source>
        <translation>Surgery</translation>
    </message>
    <message>
        <source>医疗·中医</source>
        <translation>Chinese medicine</translation>
    </message>
    <message>
        <source>医疗·护理</source>
        <translation>Nursing</translation>
    </message>
    <message>
        <source>医疗·药剂</source>
        <translation>Pharmacy</translation>
    </message>
    <message>
        <source>医疗·其他医疗</source>
        <translation>Other medical</translation>
    </message>
    <message>
        <source>教师</source>
        <translation>Teacher</translation>
    </message>
    <message>
        <source>教师·大学</source>
        <translation>University teacher</translation>
    </message>
    <message>
        <source>教师·中学</source>
        <translation>Secondary teacher</translation>
    </message>
    <message>
        <source>教师·小学</source>
        <translation>Primary teacher</translation>
    </message>
    <message>
        <source>军干</source>
        <translation>Military officer</translation>
    </message>
    <message>
        <source>军干·海军</source>
        <translation>Navy officer</translation>
    </message>
    <message>
        <source>军干·陆军</source>
        <translation>Army officer</translation>
    </message>
    <message>
        <source>军干·空军</source>
        <translation>Air force officer</translation>
    </message>
    <message>
        <source>公务员</source>
        <translation>Civil servant</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>企业·国有</source>
        <translation>State enterprise</translation>
    </message>
    <message>
        <source>企业·民营</source>
        <translation>Private enterprise</translation>
    </message>
    <message>
        <source>企业·外资</source>
        <translation>Foreign enterprise</translation>
    </message>
    <message>
        <source>工程师</source>
        <translation>Engineer</translation>
    </message>
    <message>
        <source>老板</source>
        <translation>Business owner</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>OfficeChoiceDialog</name>
    <message>
        <location filename="../../ui/office_dialog.py" line="35" />
        <source>首次使用 — 这台电脑怎么用</source>
        <translation>First use — how this computer will be used</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="38" />
        <source>请选择这台电脑的用法(以后可以在设置里更改)。</source>
        <translation>Choose how this computer will be used (you can change this later in Settings).</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="41" />
        <source>单机使用(&amp;S):只有这一台电脑用本程序</source>
        <translation>&amp;Standalone: only this computer uses the program</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="42" />
        <source>本机作为本店服务器(&amp;V):店里其他电脑连接这台电脑</source>
        <translation>This computer is the office ser&amp;ver: other computers in the office connect to it</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="43" />
        <source>连接本店服务器(&amp;C):输入服务器电脑上显示的连接码</source>
        <translation>&amp;Connect to the office server: enter the connection code shown on the server computer</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="51" />
        <source>连接码,例如 KY-AF7Q-AAAB-…</source>
        <translation>Connection code, e.g. KY-AF7Q-AAAB-…</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="54" />
        <source>在局域网中查找本店服务器(&amp;F)</source>
        <translation>&amp;Find the office server on the local network</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="68" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="69" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="78" />
        <source>正在查找……</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="84" />
        <source>没有找到。请在服务器电脑上打开本程序,或直接输入那里显示的连接码。</source>
        <translation>Not found. Open the program on the server computer, or enter the connection code shown there.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="87" />
        <source>找到:%1。请输入该电脑上显示的连接码。</source>
        <translation>Found: %1. Enter the connection code shown on that computer.</translation>
    </message>
    <message>
        <location filename="../../ui/office_dialog.py" line="91" />
        <source>这台电脑不能在局域网中查找,请直接输入连接码。</source>
        <translation>This computer cannot search the local network; enter the connection code directly.</translation>
    </message>
</context>
<context>
    <name>OfficeMove</name>
    <message>
        <location filename="../../ui/office_move.py" line="39" />
        <location filename="../../ui/office_move.py" line="64" />
        <source>搬到本店服务器</source>
        <translation>Move to office server</translation>
    </message>
    <message>
        <location filename="../../ui/office_move.py" line="41" />
        <source>把本机的办公室数据库搬到本机的本店服务器上,店里其他电脑就能同时使用。
原来的数据库文件不会改动,留作备份。搬迁需要几分钟,期间请不要录入。继续吗?</source>
        <translation>Move this computer's office database to the office server on this computer, so other computers in the office can use it at the same time.
The original database file is not changed and is kept as a backup. The move takes a few minutes; do not enter data meanwhile. Continue?</translation>
    </message>
    <message>
        <location filename="../../ui/office_move.py" line="48" />
        <source>正在搬到本店服务器……</source>
        <translation>Moving to the office server…</translation>
    </message>
    <message>
        <location filename="../../ui/office_move.py" line="66" />
        <source>%1

请关闭程序再打开:本机以后作为本店服务器使用。其他电脑首次启动时选择“连接本店服务器”,输入连接码:
%2</source>
        <translation>%1

Close and reopen the program: from now on this computer is the office server. On other computers, choose "Connect to the office server" at first start and enter the connection code:
%2</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <location filename="../../ui/settings/tab.py" line="37" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/settings/tab.py" line="38" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings/tab.py" line="41" />
        <source>办公室名称(&amp;O):</source>
        <translation>&amp;Office name:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/tab.py" line="42" />
        <source>无操作自动锁定(&amp;L):</source>
        <translation>&amp;Lock after inactivity:</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <source>投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>归属</source>
        <translation>Ownership</translation>
    </message>
    <message>
        <source>分配</source>
        <translation>Allocation</translation>
    </message>
    <message>
        <source>联合会议</source>
        <translation>Joint meeting</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Callbacks</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <location filename="../../ui/overview.py" line="44" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="45" />
        <source>打印概况…</source>
        <translation>Print overview…</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="46" />
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="50" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="50" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="67" />
        <source>双击或按回车打开该项对应的清单。</source>
        <translation>Double-click or press Enter to open the list for this item.</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="105" />
        <source>需要处理 %1 项</source>
        <translation>%1 items need attention</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="139" />
        <source>部门概况</source>
        <translation>Department overview</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="144" />
        <source>导出部门概况</source>
        <translation>Export department overview</translation>
    </message>
    <message>
        <location filename="../../ui/overview.py" line="157" />
        <source>正在导出部门概况…</source>
        <translation>Exporting the department overview…</translation>
    </message>
</context>
<context>
    <name>Ownership</name>
    <message>
        <location filename="../../ui/cases/labels.py" line="32" />
        <source>待预热</source>
        <translation>Awaiting pre-heat</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="33" />
        <source>有效</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/cases/labels.py" line="34" />
        <source>已失效</source>
        <translation>Lapsed</translation>
    </message>
</context>
<context>
    <name>OwnershipBox</name>
    <message>
        <location filename="../../ui/ownership_box.py" line="34" />
        <source>%1月%2日 %3</source>
        <translation>%1/%2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="66" />
        <source>归属</source>
        <translation>Ownership</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="93" />
        <source>归属:</source>
        <translation>Owner:</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="94" />
        <source>状态:</source>
        <translation>State:</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="95" />
        <source>规则:</source>
        <translation>Rule:</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="96" />
        <source>下一期限:</source>
        <translation>Next deadline:</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="97" />
        <source>倒计时:</source>
        <translation>Time left:</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="98" />
        <source>到期后:</source>
        <translation>At the deadline:</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="99" />
        <source>说明:</source>
        <translation>Explanation:</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="128" />
        <source>%1(须转其他部门)</source>
        <translation>%1 (must go to another department)</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="129" />
        <location filename="../../ui/ownership_box.py" line="131" />
        <location filename="../../ui/ownership_box.py" line="142" />
        <location filename="../../ui/ownership_box.py" line="145" />
        <location filename="../../ui/ownership_box.py" line="154" />
        <location filename="../../ui/ownership_box.py" line="167" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="137" />
        <source>(%1 %2)</source>
        <translation> (%1 %2)</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="144" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="42" />
        <source>已到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="45" />
        <source>还剩 %1 天 %2 小时</source>
        <translation>%1 days %2 hours left</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="51" />
        <source>还剩 %1 小时 %2 分钟</source>
        <translation>%1 hours %2 minutes left</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="56" />
        <source>还剩 %1 分钟</source>
        <translation>%1 minutes left</translation>
    </message>
    <message>
        <location filename="../../ui/ownership_box.py" line="57" />
        <source>还剩不到 1 分钟</source>
        <translation>Less than 1 minute left</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/lock.py" line="231" />
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="237" />
        <source>原密码(&amp;O):</source>
        <translation>&amp;Old password:</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="238" />
        <source>新密码(&amp;N):</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="239" />
        <source>再输一次(&amp;A):</source>
        <translation>&amp;Again:</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="247" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="248" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="259" />
        <source>两次输入的新密码不一致。</source>
        <translation>The two new passwords differ.</translation>
    </message>
</context>
<context>
    <name>PlanCardModel</name>
    <message>
        <location filename="../../ui/allocation/models.py" line="172" />
        <source>档案号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="172" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="172" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="172" />
        <source>家庭</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="172" />
        <source>调换原因</source>
        <translation>Reason for swap</translation>
    </message>
</context>
<context>
    <name>PoolModel</name>
    <message>
        <location filename="../../ui/allocation/models.py" line="139" />
        <source>档案号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="140" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="141" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="142" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="143" />
        <source>入池时间</source>
        <translation>In the pool since</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="144" />
        <source>限制</source>
        <translation>Restriction</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="149" />
        <source>须分给其他部门</source>
        <translation>Must go to another department</translation>
    </message>
</context>
<context>
    <name>PoolPage</name>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="49" />
        <source>全部资源池顾客</source>
        <translation>All pool customers</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="52" />
        <source>离职交接:%1</source>
        <translation>Handover after leaving: %1</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="54" />
        <source>全选</source>
        <translation>Select all</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="57" />
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="76" />
        <source>预览平均分配(&amp;Y)</source>
        <translation>Pre&amp;view even allocation</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="79" />
        <source>分配原因(必填),例如:张三离职,资源重新分配</source>
        <translation>Reason (required), e.g. Zhang San left, customers redistributed</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="80" />
        <source>平均分配选中的顾客(&amp;D)</source>
        <translation>&amp;Distribute the selected customers evenly</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="82" />
        <source>指定给一名员工(&amp;O)…</source>
        <translation>Assign t&amp;o one staff member…</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="93" />
        <source>接收的员工(按此顺序处理余数:此前分得少的优先)</source>
        <translation>Receiving staff (remainders in this order: fewest received so far first)</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="140" />
        <source>上报总经理、等待终裁的案件 %1 件,待协调助理处理的 %2 件。&lt;a href='escalated'&gt;查看上报的案件&lt;/a&gt;</source>
        <translation>%1 cases escalated to the general manager await a final ruling; %2 await the coordinator. &lt;a href='escalated'&gt;View escalated cases&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="167" />
        <location filename="../../ui/allocation/pool_page.py" line="170" />
        <location filename="../../ui/allocation/pool_page.py" line="208" />
        <source>公司资源池</source>
        <translation>Company pool</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="167" />
        <source>请先在左边选中要分配的顾客。</source>
        <translation>First select the customers to assign on the left.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="170" />
        <source>请勾选接收顾客的员工。</source>
        <translation>Tick the staff members who receive customers.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="208" />
        <source>请在左边只选中一位顾客。</source>
        <translation>Select exactly one customer on the left.</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="212" />
        <source>把顾客 %1(档案 %2)分给:</source>
        <translation>Give customer %1 (card %2) to:</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/pool_page.py" line="213" />
        <source>指定给员工</source>
        <translation>Assign to a staff member</translation>
    </message>
</context>
<context>
    <name>Positions</name>
    <message>
        <location filename="../../ui/labels.py" line="24" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="25" />
        <source>咨询专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="26" />
        <source>部门经理</source>
        <translation>Department manager</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../ui/print_preview.py" line="45" />
        <source>打印预览 — %1</source>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="56" />
        <source>共 %1 页</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="57" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="58" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="59" />
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="60" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="61" />
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="62" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="105" />
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="105" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="114" />
        <source>没有保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="114" />
        <source>无法写入文件:%1</source>
        <translation>Cannot write the file: %1</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="116" />
        <source>已另存为 %1</source>
        <translation>Saved as %1</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="161" />
        <source>正在生成 %1…</source>
        <translation>Generating %1…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="162" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="190" />
        <source>正在生成 %1… 已完成 %2</source>
        <translation>Generating %1… %2 done</translation>
    </message>
</context>
<context>
    <name>PrintSheetsDialog</name>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="329" />
        <source>打印回访单</source>
        <translation>Print visit sheets</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="343" />
        <source>生成并预览</source>
        <translation>Generate and preview</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="344" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="348" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="350" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="352" />
        <source>打印每户的回访表(代替回访单)</source>
        <translation>Print a callback form for each household (instead of callback slips)</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="116" />
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="116" />
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="121" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="122" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecipientModel</name>
    <message>
        <location filename="../../ui/allocation/models.py" line="158" />
        <source>余数顺序</source>
        <translation>Remainder order</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="158" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="158" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="158" />
        <source>此前分得</source>
        <translation>Received before</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/models.py" line="158" />
        <source>本批张数</source>
        <translation>Cards in this batch</translation>
    </message>
</context>
<context>
    <name>Relations</name>
    <message>
        <source>配偶</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>子女</source>
        <translation>Child</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/settings/users.py" line="39" />
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="46" />
        <source>用户:</source>
        <translation>User:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="47" />
        <source>新密码(&amp;P):</source>
        <translation>New &amp;password:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="48" />
        <source>再次输入(&amp;A):</source>
        <translation>&amp;Again:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="53" />
        <source>重置后账户解除锁定,用户下次登录时应修改密码。</source>
        <translation>Resetting unlocks the account; the user should change the password at the next sign-in.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="64" />
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="414" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="414" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="414" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="414" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="414" />
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="414" />
        <source>扫描件</source>
        <translation>Scan</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="419" />
        <source>以下回访表标记为顾客亲自签字,尚未复核。请对照扫描件核实;驳回即按代签处理(每位顾客罚 50 元)。</source>
        <translation>The callback forms below are marked as signed by the customer in person and have not been checked yet. Verify them against the scans; rejecting treats them as signed on behalf (fine of 50 yuan per customer).</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="426" />
        <source>核实无误</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="427" />
        <source>驳回(代签)…</source>
        <translation>Reject (signed on behalf)…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="428" />
        <source>打印清单…</source>
        <translation>Print list…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="429" />
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="470" />
        <source>有</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="470" />
        <source>无</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="479" />
        <source>没有待复核的回访表</source>
        <translation>No callback forms awaiting review</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="496" />
        <source>这份回访表没有扫描件:请向顾客电话核实签字。</source>
        <translation>This callback form has no scan: verify the signature by phoning the customer.</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="508" />
        <source>驳回代签</source>
        <translation>Reject as signed on behalf</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="508" />
        <source>%1 的回访表:驳回原因</source>
        <translation>Callback form of %1: reason for rejection</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="526" />
        <source>代签复核清单</source>
        <translation>Signature review list</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="532" />
        <source>导出代签复核清单</source>
        <translation>Export signature review list</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="544" />
        <source>正在导出代签复核清单…</source>
        <translation>Exporting the signature review list…</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../ui/labels.py" line="12" />
        <source>录入员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="13" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="14" />
        <source>咨询专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="15" />
        <source>部门经理</source>
        <translation>Department manager</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="16" />
        <source>协调助理</source>
        <translation>Coordinator</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="17" />
        <source>顾客资源总监</source>
        <translation>Resource director</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="18" />
        <source>总经理</source>
        <translation>General manager</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="19" />
        <source>前台</source>
        <translation>Front desk</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="20" />
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>RuleParams</name>
    <message>
        <source>预热期限(天)</source>
        <translation>Pre-heat deadline (days)</translation>
    </message>
    <message>
        <source>散收/回馈/转介的预热期限(天)</source>
        <translation>Pre-heat deadline for street collection / feedback / referral (days)</translation>
    </message>
    <message>
        <source>预热后登门跟进期限(月,R6)</source>
        <translation>Home follow-up after pre-heat (months, R6)</translation>
    </message>
    <message>
        <source>会后登门期限(月,R7)</source>
        <translation>Home visit after a meeting (months, R7)</translation>
    </message>
    <message>
        <source>服务不到位期限(月,R8)</source>
        <translation>Service lapse period (months, R8)</translation>
    </message>
    <message>
        <source>投诉处理期限(天,R9)</source>
        <translation>Complaint handling deadline (days, R9)</translation>
    </message>
    <message>
        <source>重新分配后预热期限(天,R10)</source>
        <translation>Pre-heat deadline after reallocation (days, R10)</translation>
    </message>
    <message>
        <source>会前每日名单截止时间(R11)</source>
        <translation>Daily list cut-off before a meeting (R11)</translation>
    </message>
    <message>
        <source>下午会当天名单截止时间(R11)</source>
        <translation>Same-day list cut-off, afternoon meeting (R11)</translation>
    </message>
    <message>
        <source>晚上会当天名单截止时间(R11)</source>
        <translation>Same-day list cut-off, evening meeting (R11)</translation>
    </message>
    <message>
        <source>转介顾客首次到会积分</source>
        <translation>Points for a referred customer's first attendance</translation>
    </message>
    <message>
        <source>转介顾客出货积分</source>
        <translation>Points for a referred customer's purchase</translation>
    </message>
    <message>
        <source>出货积分的金额单位(元)</source>
        <translation>Purchase amount per point (yuan)</translation>
    </message>
    <message>
        <source>员工补录期限(小时)</source>
        <translation>Staff back-entry limit (hours)</translation>
    </message>
</context>
<context>
    <name>RuleParamsPage</name>
    <message>
        <location filename="../../ui/governance.py" line="53" />
        <source>归属规则参数</source>
        <translation>Ownership rule parameters</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="55" />
        <source>试算(不保存)</source>
        <translation>Try out (not saved)</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="56" />
        <source>保存修改…</source>
        <translation>Save changes…</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="57" />
        <source>修改参数后先试算:列出会因此换主的顾客及原因。</source>
        <translation>After changing parameters, try them out first: the customers who would change owner are listed with the reason.</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="60" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="60" />
        <source>原归属</source>
        <translation>Current owner</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="60" />
        <source>新归属</source>
        <translation>New owner</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="60" />
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="60" />
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="109" />
        <location filename="../../ui/governance.py" line="127" />
        <source>参数没有改动。</source>
        <translation>The parameters are unchanged.</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="111" />
        <source>正在试算…</source>
        <translation>Trying out…</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="115" />
        <source>试算结果:改用新参数后,有 %1 位顾客会换主(尚未保存)。</source>
        <translation>Result: with the new parameters %1 customers would change owner (not saved yet).</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="129" />
        <source>保存规则参数</source>
        <translation>Save rule parameters</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="129" />
        <source>修改原因(写入历史记录):</source>
        <translation>Reason for the change (kept in the history):</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="132" />
        <source>正在保存并更新归属…</source>
        <translation>Saving and updating ownership…</translation>
    </message>
    <message>
        <location filename="../../ui/governance.py" line="136" />
        <source>已保存。%1 位顾客因此换主,已记入审计日志。</source>
        <translation>Saved. %1 customers changed owner; written to the audit log.</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <source>首次报名</source>
        <translation>First registration</translation>
    </message>
    <message>
        <source>预热超期视为放弃</source>
        <translation>Late pre-heat means giving up</translation>
    </message>
    <message>
        <source>先预热者得</source>
        <translation>First to pre-heat wins</translation>
    </message>
    <message>
        <source>争议归公司</source>
        <translation>Disputes go to the company</translation>
    </message>
    <message>
        <source>转介归老顾客的专员</source>
        <translation>Referral goes to referrer's staff</translation>
    </message>
    <message>
        <source>预热后一个月未跟进</source>
        <translation>No follow-up in a month</translation>
    </message>
    <message>
        <source>会后一个月未登门</source>
        <translation>No visit a month after meeting</translation>
    </message>
    <message>
        <source>三个月服务不到位</source>
        <translation>3 months of poor service</translation>
    </message>
    <message>
        <source>投诉三日未处理</source>
        <translation>Complaint open 3 days</translation>
    </message>
    <message>
        <source>资源池与重新分配</source>
        <translation>Pool and reallocation</translation>
    </message>
    <message>
        <source>联合会议名单</source>
        <translation>Joint meeting lists</translation>
    </message>
    <message>
        <source>业绩归属</source>
        <translation>Credit for results</translation>
    </message>
    <message>
        <source>协调裁决</source>
        <translation>Coordinator ruling</translation>
    </message>
</context>
<context>
    <name>RulingDialog</name>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="45" />
        <source>总经理终裁</source>
        <translation>GM's final ruling</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="45" />
        <source>改判</source>
        <translation>Override</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="51" />
        <source>维持规则引擎的判定:%1</source>
        <translation>Keep the rules engine's verdict: %1</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="58" />
        <source> · 当事人</source>
        <translation> · party</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="60" />
        <source>公司资源池</source>
        <translation>Company pool</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="70" />
        <source>必填:为什么这样裁决</source>
        <translation>Required: why this ruling</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="73" />
        <source>案件 %1 · %2
%3</source>
        <translation>Case %1 · %2
%3</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="80" />
        <source>归属改为(&amp;T):</source>
        <translation>New &amp;owner:</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="81" />
        <source>理由(&amp;R):</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="83" />
        <source>确定裁决</source>
        <translation>Confirm ruling</translation>
    </message>
    <message>
        <location filename="../../ui/cases/dialogs.py" line="84" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SavedBar</name>
    <message>
        <location filename="../../ui/main_window.py" line="341" />
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="346" />
        <source>关闭这条提示</source>
        <translation>Dismiss this notice</translation>
    </message>
</context>
<context>
    <name>ScanViewer</name>
    <message>
        <location filename="../../ui/intake/viewer.py" line="69" />
        <source>无法显示这份扫描件,文件可能已损坏。</source>
        <extracomment>A dragged box smaller than this (pixels of the page, either side) is taken for a stray click.</extracomment>
        <translation>This scan cannot be shown; the file may be damaged.</translation>
    </message>
</context>
<context>
    <name>ScansPage</name>
    <message>
        <location filename="../../ui/customers/pages.py" line="290" />
        <source>,第 %1 页</source>
        <translation>, page %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="295" />
        <source>没有扫描件</source>
        <translation>No scans</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="295" />
        <source>您无权查看该顾客的扫描件</source>
        <translation>You may not see this customer's scans</translation>
    </message>
</context>
<context>
    <name>ServerBackupPage</name>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="42" />
        <source>备份时间</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="42" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="42" />
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="42" />
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="43" />
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="44" />
        <source>恢复所选备份…</source>
        <translation>Restore selected backup…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="45" />
        <source>从其他文件恢复…</source>
        <translation>Restore from another file…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="48" />
        <source>本机是本店服务器。服务器每天自动备份一次,每份备份都先试着恢复一遍、核对过才保留;保留最近 30 天每天一份、最近 12 个月每月一份。恢复前会先把当前的数据另存一份;恢复期间其他电脑会显示“连不上本店服务器”,恢复后请所有电脑重新启动程序。</source>
        <translation>This PC is the office server. The server backs up once a day; each backup is kept only after a trial restore checked it; one a day is kept for the last 30 days and one a month for the last 12 months. Before a restore the current data is saved first; during the restore the other PCs show "Cannot reach the office server"; after it, restart the program on every PC.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="68" />
        <source>保存当前数据</source>
        <translation>Save current data</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="69" />
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="70" />
        <source>核对恢复的数据</source>
        <translation>Check restored data</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="71" />
        <source>换上恢复的数据</source>
        <translation>Switch to restored data</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="82" />
        <source>本店服务器的备份文件夹:%1</source>
        <translation>Office server backup folder: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="99" />
        <source>本店服务器</source>
        <translation>Office server</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="116" />
        <source>正在备份本店服务器并核对备份……</source>
        <translation>Backing up the office server and checking the backup…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="132" />
        <source>已备份</source>
        <translation>Backed up</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="133" />
        <source>已备份并核对:%1(%2 行)</source>
        <translation>Backed up and checked: %1 (%2 rows)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="145" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="145" />
        <source>请先选中一份备份。</source>
        <translation>Select a backup first.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="151" />
        <source>选择本店服务器的备份文件</source>
        <translation>Choose an office server backup file</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="151" />
        <source>服务器备份 (*.dump)</source>
        <translation>Server backups (*.dump)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="158" />
        <source>恢复本店服务器</source>
        <translation>Restore office server</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="160" />
        <source>用备份 %1 替换本店服务器上现在的全部数据?

现在的数据会先另存一份;恢复期间店里其他电脑暂时连不上服务器。恢复完成后程序将关闭,请所有电脑重新启动程序。</source>
        <translation>Replace all current data on the office server with backup %1?

The current data is saved first; during the restore the other PCs cannot reach the server. When the restore is done the program closes; restart the program on every PC.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="167" />
        <source>正在恢复本店服务器……</source>
        <translation>Restoring the office server…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="168" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="198" />
        <source>正在恢复本店服务器:第 %1/%2 步,%3……</source>
        <translation>Restoring the office server: step %1/%2, %3…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="208" />
        <source>已恢复</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location filename="../../ui/settings/server_backup.py" line="210" />
        <source>本店服务器已恢复,数据和备份核对一致。恢复前的数据保存在 %1。
程序现在关闭,请所有电脑重新启动程序。</source>
        <translation>The office server is restored and its data matches the backup. The data from before the restore is saved in %1.
The program closes now; restart the program on every PC.</translation>
    </message>
</context>
<context>
    <name>ServerBanner</name>
    <message>
        <location filename="../../ui/live.py" line="74" />
        <source>连不上本店服务器,正在自动重试……已输入的内容会保留;连上之后请再保存一次。请检查服务器电脑是否开机、网线是否连好。</source>
        <translation>Cannot reach the office server; retrying automatically… What you have entered is kept; save again once reconnected. Check that the server computer is on and its network cable is connected.</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <location filename="../../ui/settings/tab.py" line="98" />
        <source>部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../ui/settings/tab.py" line="99" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/settings/tab.py" line="100" />
        <source>用户与角色</source>
        <translation>Users and roles</translation>
    </message>
    <message>
        <location filename="../../ui/settings/tab.py" line="101" />
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../../ui/settings/tab.py" line="102" />
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/setup_dialog.py" line="37" />
        <source>首次使用 — 设置办公室</source>
        <translation>First start — set up the office</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="40" />
        <source>数据库中还没有任何账户。请填写办公室名称和第一个管理员账户;也可以先打开演示办公室看看。</source>
        <translation>The database has no accounts yet. Enter the office name and the first administrator account, or open the demo office to look around first.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="58" />
        <source>每行一个部门,例如:
一部
二部</source>
        <translation>One department per line, for example:
Dept. 1
Dept. 2</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="63" />
        <source>办公室名称(&amp;O):</source>
        <translation>&amp;Office name:</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="64" />
        <source>管理员用户名(&amp;U):</source>
        <translation>Administrator &amp;user name:</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="65" />
        <source>管理员姓名(&amp;N):</source>
        <translation>Administrator &amp;name:</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="66" />
        <source>密码(&amp;P):</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="67" />
        <source>再次输入密码(&amp;A):</source>
        <translation>Password &amp;again:</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="68" />
        <source>部门(&amp;D):</source>
        <translation>&amp;Departments:</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="77" />
        <source>完成设置</source>
        <translation>Finish setup</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="79" />
        <source>打开演示办公室</source>
        <translation>Open the demo office</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="80" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="110" />
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ui/setup_dialog.py" line="114" />
        <source>请填写办公室名称。</source>
        <translation>Please enter the office name.</translation>
    </message>
</context>
<context>
    <name>ShipmentDialog</name>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="273" />
        <source> 元</source>
        <translation> yuan</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="276" />
        <source>(不是会上购买)</source>
        <translation>(not bought at a meeting)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="283" />
        <source>(按规则:邀约人或专员)</source>
        <translation>(by the rules: inviter or staff member)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="284" />
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="286" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="287" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="288" />
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="289" />
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="290" />
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="291" />
        <source>服务专员</source>
        <translation>Service staff</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="292" />
        <source>咨询专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="293" />
        <source>出货时间</source>
        <translation>Purchase time</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../ui/settings/org.py" line="110" />
        <source>显示已离职(&amp;S)</source>
        <translation>&amp;Show staff who left</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="113" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="113" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="113" />
        <source>岗位</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="113" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="113" />
        <source>离职日期</source>
        <translation>Left on</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="116" />
        <source>办理离职…</source>
        <translation>Record leaving…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="130" />
        <location filename="../../ui/settings/org.py" line="139" />
        <source>添加员工</source>
        <translation>Add staff member</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="134" />
        <source>部门(&amp;D):</source>
        <translation>&amp;Department:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="140" />
        <source>姓名(&amp;N):</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="141" />
        <source>所属部门:</source>
        <translation>Department:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="142" />
        <source>岗位:</source>
        <translation>Position:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="143" />
        <source>电话:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="161" />
        <source>全部部门</source>
        <translation>All departments</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="195" />
        <source>请先在“部门”页添加部门,再添加员工。</source>
        <translation>Add a department on the “Departments” page before adding staff.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="223" />
        <source>请先在列表中选择要办理离职的员工。</source>
        <translation>Select the staff member who is leaving in the list first.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="227" />
        <source>%1 已经离职。</source>
        <translation>%1 has already left.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="231" />
        <location filename="../../ui/settings/org.py" line="255" />
        <source>办理离职</source>
        <translation>Staff member leaves</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="232" />
        <source>%1 离职后,其名下的顾客全部转入公司资源池(R10),由经理重新分配。确定办理吗?</source>
        <translation>When %1 leaves, all of their customers go to the company pool (R10) to be assigned again by a manager. Go ahead?</translation>
    </message>
    <message>
        <location filename="../../ui/settings/org.py" line="256" />
        <source>%1 已离职,%2 位顾客转入公司资源池。</source>
        <translation>%1 has left; %2 customers went to the company pool.</translation>
    </message>
</context>
<context>
    <name>StaffReasonDialog</name>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="195" />
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="199" />
        <source>分给</source>
        <translation>Give to</translation>
    </message>
    <message>
        <location filename="../../ui/allocation/dialogs.py" line="200" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="60" />
        <source>本周到期</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="59" />
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="61" />
        <source>全部可办</source>
        <translation>All actionable</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="62" />
        <source>已错过(记入考核)</source>
        <translation>Missed (counts in performance review)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="66" />
        <source>全部员工</source>
        <translation>All staff</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="77" />
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="78" />
        <source> 逾期</source>
        <translation> overdue</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="82" />
        <source>事项</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="83" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="84" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="85" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="86" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="87" />
        <source>错过的后果</source>
        <translation>If missed</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="103" />
        <source>登记回访 (Enter)</source>
        <translation>Record callback (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="104" />
        <source>出货登记…</source>
        <translation>Record purchase…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="105" />
        <source>登记投诉…</source>
        <translation>Record complaint…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="106" />
        <source>处理投诉…</source>
        <translation>Resolve complaint…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="107" />
        <source>标记向总经理投诉…</source>
        <translation>Mark complaint to GM…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="108" />
        <source>更换服务专家…</source>
        <translation>Change service expert…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="109" />
        <source>打印回访单…</source>
        <translation>Print visit sheets…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="110" />
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="111" />
        <source>打印清单…</source>
        <translation>Print list…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="119" />
        <source>范围</source>
        <translation>Range</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="178" />
        <source>共 %1 项</source>
        <translation>%1 tasks</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="183" />
        <source>没有需要处理的回访任务</source>
        <translation>No callback tasks to do</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="217" />
        <location filename="../../ui/callbacks/tab.py" line="219" />
        <source>处理投诉</source>
        <translation>Resolve complaint</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="217" />
        <location filename="../../ui/callbacks/tab.py" line="233" />
        <source>请先在列表中选中一条“投诉3日内处理”任务。</source>
        <translation>First select a "resolve complaint within 3 days" task in the list.</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="219" />
        <source>处理结果:</source>
        <translation>Resolution:</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="233" />
        <location filename="../../ui/callbacks/tab.py" line="235" />
        <source>向总经理投诉</source>
        <translation>Complaint to GM</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="235" />
        <source>说明(顾客何时、如何向总经理投诉):</source>
        <translation>Details (when and how the customer complained to the GM):</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="253" />
        <location filename="../../ui/callbacks/tab.py" line="257" />
        <location filename="../../ui/callbacks/tab.py" line="261" />
        <source>更换服务专家</source>
        <translation>Change service expert</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="253" />
        <source>还没有登记咨询专家。</source>
        <translation>No experts added yet.</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="257" />
        <source>%1 的服务专家:</source>
        <translation>Service expert for %1:</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="261" />
        <source>原因:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="286" />
        <source>员工回访单</source>
        <translation>Staff visit sheet</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="286" />
        <source>顾客回访表</source>
        <translation>Customer callback forms</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="298" />
        <source>回访到期清单</source>
        <translation>Callbacks due list</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="304" />
        <source>导出回访到期清单</source>
        <translation>Export the list of due callbacks</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="304" />
        <source>回访到期清单.xlsx</source>
        <translation>callbacks-due.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="305" />
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel file (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/tab.py" line="318" />
        <source>已导出 %1 行到 %2</source>
        <translation>Exported %1 rows to %2</translation>
    </message>
</context>
<context>
    <name>TimelinePage</name>
    <message>
        <location filename="../../ui/customers/pages.py" line="201" />
        <source>全部事件</source>
        <translation>All events</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="202" />
        <source>报名与归属</source>
        <translation>Registration and ownership</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="203" />
        <source>预热与回访</source>
        <translation>Pre-heat and callbacks</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="204" />
        <source>邀约与到会</source>
        <translation>Invitations and attendance</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="205" />
        <source>出货</source>
        <translation>Purchases</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="206" />
        <source>投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="222" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="222" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="222" />
        <source>员工</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="222" />
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="222" />
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="222" />
        <source>记录</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/customers/pages.py" line="226" />
        <source>显示(&amp;K):</source>
        <translation>Sho&amp;w:</translation>
    </message>
</context>
<context>
    <name>TodayTasks</name>
    <message>
        <location filename="../../ui/customers/today.py" line="54" />
        <source>已失效</source>
        <extracomment>The countdowns are read again this often while the list is on screen (deadlines pass without an event).</extracomment>
        <translation>Lapsed</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="58" />
        <source>已超期 %1 天</source>
        <translation>%1 days overdue</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="59" />
        <source>已超期 %1 小时</source>
        <translation>%1 hours overdue</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="64" />
        <source>今天 %1 前</source>
        <translation>Today before %1</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="68" />
        <source>%1(%2 截止)</source>
        <translation>%1 (due %2)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="90" />
        <source>更多…</source>
        <translation>More…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="93" />
        <source>刷新任务</source>
        <translation>Refresh tasks</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="97" />
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="97" />
        <source>顾客</source>
        <translation>Customer</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="97" />
        <source>要做的事</source>
        <translation>To do</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="97" />
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="189" />
        <source>今天的任务:三天内没有到期的预热、跟进或回访。</source>
        <translation>Today's tasks: no pre-heat, follow-up or callback due within three days.</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="191" />
        <source>今天的任务:%1 项三天内到期</source>
        <translation>Today's tasks: %1 due within three days</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="193" />
        <source>,%1 位顾客已失效(再次跟进可恢复)</source>
        <translation>, %1 customers lapsed (following up again revives them)</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="195" />
        <source>,还有更多</source>
        <translation>, and more</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="240" />
        <source>打开档案</source>
        <translation>Open card</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="242" />
        <source>登记回访(完成此项)…</source>
        <translation>Record callback (completes this)…</translation>
    </message>
    <message>
        <location filename="../../ui/customers/today.py" line="246" />
        <source>登记%1</source>
        <translation>Record %1</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/settings/users.py" line="78" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="78" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="78" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="78" />
        <source>关联员工</source>
        <translation>Staff member</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="78" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="78" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="81" />
        <source>重置所选用户的密码…</source>
        <translation>Reset selected user's password…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="98" />
        <location filename="../../ui/settings/users.py" line="104" />
        <source>添加用户</source>
        <translation>Add user</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="105" />
        <source>用户名(&amp;U):</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="106" />
        <source>姓名:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="107" />
        <source>角色(&amp;R):</source>
        <translation>&amp;Role:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="108" />
        <source>关联员工:</source>
        <translation>Staff member:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="109" />
        <source>部门:</source>
        <translation>Department:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="110" />
        <source>密码:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="111" />
        <source>再次输入密码:</source>
        <translation>Password again:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="131" />
        <location filename="../../ui/settings/users.py" line="133" />
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="156" />
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="158" />
        <source>已锁定至 %1</source>
        <translation>Locked until %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="159" />
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="180" />
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/users.py" line="206" />
        <source>请先在列表中选择一个用户。</source>
        <translation>Select a user in the list first.</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <location filename="../../ui/frontdesk/walk_in.py" line="21" />
        <source>新来访顾客</source>
        <translation>New walk-in customer</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/walk_in.py" line="29" />
        <source>姓名(&amp;N):</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/walk_in.py" line="30" />
        <source>电话(&amp;P):</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/walk_in.py" line="40" />
        <source>建档并登记到店</source>
        <translation>Create card and register visit</translation>
    </message>
    <message>
        <location filename="../../ui/frontdesk/walk_in.py" line="41" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>_ServiceDialog</name>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="67" />
        <source>保存</source>
        <extracomment>Duties answered by the 回访表: the dialog starts with the form (and for the month, the signature) ticked.</extracomment>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dialogs.py" line="68" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
