; 留守儿童关爱档案 (liushou-desk): Inno Setup script for the per-user Windows installer.
;
; Build on Windows, from the repository root, after `python packaging\build.py` has made
; build\app.ico and dist\liushou-desk\ (see packaging\README.md):
;
;     ISCC /DAppVersion=0.1.0 packaging\windows\liushou-desk.iss
;
; Result: dist\liushou-desk-setup-0.1.0.exe (dist\ is ignored by git; a repo-root Output\ would
; not be).
;
; Inno Setup version: 6.3 or later. 6.3 introduced the x64compatible architecture identifier
; used below. The Simplified Chinese messages file: Inno Setup 7 ships it as
; compiler:Languages\ChineseSimplified.isl; the installers of Inno Setup 6.x do not (for 6.x it
; is one of the user-contributed translations, jrsoftware.org/files/istrans/). With 6.x, copy
; ChineseSimplified.isl into Inno Setup's Languages folder or next to this script; the
; preprocessor lines under [Languages] take whichever exists and stop with a message if neither
; does.
;
; This file is UTF-8 with a byte-order mark because of its Chinese text: keep it so when editing.
;
; Where things go (non administrative install mode, no UAC prompt):
;   program    {autopf}\留守儿童关爱档案 = %LOCALAPPDATA%\Programs\留守儿童关爱档案
;   shortcuts  this user's Start menu; this user's desktop if the task is ticked
;   uninstall  registered under HKCU: 设置 → 应用 lists it for this user only
;   data       %LOCALAPPDATA%\liushou-desk, platformdirs' user data folder (paths.py). The app
;              writes it; this installer never does, so nothing there is in the uninstall log
;              and the uninstaller leaves it alone unless the teacher asks ([Code] below).

#ifndef AppVersion
  ; The build passes the version from pyproject.toml: ISCC /DAppVersion=<version> ...
  #define AppVersion "0.1.0"
#endif
#define AppTitle "留守儿童关爱档案"
#define AppExeName "liushou-desk.exe"
; platformdirs.user_data_path("liushou-desk", appauthor=False, roaming=False) on Windows;
; keep in step with src\liushou_desk\paths.py.
#define DataDir "{localappdata}\liushou-desk"

[Setup]
; Fixed for good: Windows recognises upgrades and the uninstall entry by it.
AppId={{E49CEDEF-BE38-4629-B080-BAAFE6225A38}
AppName={#AppTitle}
AppVersion={#AppVersion}
AppPublisher=liushou-desk developers
; Per-user install: teachers have no administrator rights on school PCs. There is deliberately
; no PrivilegesRequiredOverridesAllowed: an all-users install would need an administrator and
; would put the program and its uninstaller out of the teacher's reach.
PrivilegesRequired=lowest
; {autopf} maps to {userpf} in non administrative install mode (always the case here): the
; user's Program Files folder, %LOCALAPPDATA%\Programs (Windows' FOLDERID_UserProgramFiles).
; Chosen over writing {localappdata}\Programs out: the same folder, but asked of Windows rather
; than assumed, and the "auto" form Inno Setup's documentation recommends.
DefaultDirName={autopf}\{#AppTitle}
; One Start-menu entry, no folder of our own: no group page to ask about.
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 supports Windows 10 1809 (build 17763) and later.
MinVersion=10.0.17763
WizardStyle=modern
; Made from resources\icons\app.svg by packaging\build.py. Paths are relative to this script.
SetupIconFile=..\..\build\app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppTitle}
OutputDir=..\..\dist
OutputBaseFilename=liushou-desk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
; If the program is open during an upgrade, offer to close it so that its files can be replaced.
CloseApplications=yes
RestartApplications=no
; Setup writes "Setup Log <date>.txt" to %TEMP%: the first thing school IT should look at.
SetupLogging=yes

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chs"; MessagesFile: "ChineseSimplified.isl"
#else
  #error ChineseSimplified.isl is neither in Inno Setup's Languages folder nor next to this script: see the comment at the top
#endif

[CustomMessages]
DeleteDataQuestion=是否同时删除所有班级档案和备份？（删除后无法恢复）
DeleteDataWhere=数据文件夹：
DeleteDataKeep=选择“否”会保留这些数据，重新安装后可以继续使用。
DeleteDataFailed=有些文件未能删除，可能是程序仍在运行。请关闭“留守儿童关爱档案”后手动删除这个文件夹：

[Tasks]
; Ticked by default: most teachers start the program from the desktop.
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole runtime: the previous version's PyInstaller _internal folder may
; hold DLLs the new version no longer has. Only program files are ever in it, never data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The PyInstaller one-folder bundle made by packaging\build.py. A portable.txt (the 绿色版
; marker) and a 数据 folder are left out in case this folder was also used for the portable
; zip: the installed program keeps its data in the user's data folder.
Source: "..\..\dist\liushou-desk\*"; DestDir: "{app}"; Excludes: "\portable.txt,\数据\*"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Directly in the Start menu's program list, as Windows 10 and 11 expect. Uninstalling goes
; through 设置 → 应用 → 已安装的应用.
Name: "{autoprograms}\{#AppTitle}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; "运行 留守儿童关爱档案" on the last page (LaunchProgram comes from ChineseSimplified.isl).
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent

; There is deliberately no [UninstallDelete] section: the uninstaller removes only what this
; installer put into {app}. The data folder is never listed anywhere above, so it goes only
; through the question in CurUninstallStepChanged.

[Code]
{ The teacher's data: the class archive (archive.sqlite), backups, logs, the demo class. }
function DataFolder(): String;
begin
  Result := ExpandConstant('{#DataDir}');
end;

{ Asked once the program files are gone (usPostUninstall), so that a failed or cancelled
  uninstall never gets as far as the data. The default button is 否 (No): only an explicit
  是 (Yes) deletes anything. A silent uninstall (/SILENT or /VERYSILENT, as school IT's scripts
  run it) keeps the data without asking; SuppressibleMsgBox answers No under /SUPPRESSMSGBOXES. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
  Question: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Folder := DataFolder();
  if UninstallSilent or not DirExists(Folder) then
    Exit;
  Question := CustomMessage('DeleteDataQuestion') + #13#10#13#10 +
    CustomMessage('DeleteDataWhere') + #13#10 + Folder + #13#10#13#10 +
    CustomMessage('DeleteDataKeep');
  if SuppressibleMsgBox(Question, mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) <> IDYES then
  begin
    Log('Data folder kept: ' + Folder);
    Exit;
  end;
  Log('Deleting the data folder at the user''s request: ' + Folder);
  if not DelTree(Folder, True, True, True) then
    SuppressibleMsgBox(CustomMessage('DeleteDataFailed') + #13#10 + Folder, mbError, MB_OK, IDOK);
end;
